// Japanese texts for the OAuth `error` values, Entra `suberror` values, MSAL client codes, a successful
// sign-in and the library's own texts: id|summary|remediation (see ja.ts).
export const JA_PROTOCOL = `
error:invalid_request|トークン要求の形式が正しくないか、必須パラメーターが不足しています。|要求またはアプリの登録を修正します。同じ要求をそのまま再送しても再び失敗します。
error:invalid_grant|送信された承認コード、更新トークン、またはアサーションが無効、期限切れ、または取り消し済みです。|キャッシュされたトークンを破棄し、ユーザーにもう一度サインインしてもらいます。先に suberror と claims を確認します。
error:unauthorized_client|アプリがこの許可の種類を使用できないか、ユーザーのテナントにアプリが設定されていません。|アプリの登録で許可されているフローとテナントを確認します。管理者がアプリをテナントに追加する必要がある場合もあります。
error:invalid_client|アプリの認証に失敗しました。シークレットまたは証明書が誤っているか、期限切れか、ありません。|アプリの登録とアプリの構成の両方で、資格情報をローテーションまたは修正します。
error:unsupported_grant_type|アプリが送信した許可の種類は、トークン エンドポイントでサポートされていません。|サポートされている grant_type を使用します。これはアプリのバグです。
error:invalid_resource|要求されたリソースが存在しないか、テナントに設定されていません。|スコープまたはリソース識別子を確認し、リソース アプリがテナントに存在することを確かめます。
error:interaction_required|トークンを発行する前に、ユーザーの操作 (サインイン、多要素認証、利用規約への同意など) が必要です。|同じスコープで対話型サインインを行います。claims があれば引き継ぎます。
error:temporarily_unavailable|Entra ID が混み合っていて、現在は応答できません。|Retry-After に従い、バックオフを入れて再試行します。
error:consent_required|要求されたアクセス許可に、ユーザーがまだ同意していません。|不足しているスコープを指定し、prompt=consent でサインインしてもらいます。
error:invalid_scope|要求されたスコープが無効です。|スコープの値を修正します (例: https://graph.microsoft.com/.default や User.Read)。
error:access_denied|サインイン ページで、ユーザーまたは管理者が要求を拒否しました。|承認がなければアプリを続行できないことを説明します。すぐにサインインへ戻さないでください。
error:unsupported_response_type|要求された応答の種類は、承認エンドポイントでサポートされていません。|response_type を修正するか、ハイブリッド フローを使う場合はアプリの登録で ID トークンを有効にします。
error:server_error|Entra ID で予期しないエラーが発生しました。|少し待ってから再試行します。解決しない場合は、相関 ID を添えてサポートに問い合わせます。
error:login_required|サイレント サインインで、使用できるセッションが見つかりませんでした。|対話型サインインに切り替えます。
error:authorization_pending|デバイス コード フロー: ユーザーはまだサインインを完了していません。|デバイス コードの応答で指定された間隔でポーリングを続けます。
error:slow_down|デバイス コード フロー: アプリのポーリングが速すぎます。|ポーリングの頻度を下げます。間隔を少なくとも 5 秒延ばします。
error:authorization_declined|デバイス コード フロー: ユーザーがサインイン要求を拒否しました。|ポーリングを停止し、サインアウト状態に戻ります。
error:bad_verification_code|デバイス コード フロー: 送信された device_code を認識できませんでした。|デバイス コードの応答で返された device_code をそのまま送信します。ポーリングは停止します。
error:expired_token|デバイス コード フロー: ユーザーが完了する前にデバイス コードの有効期限が切れました。|新しいデバイス コード要求を開始し、新しいコードをユーザーに表示します。
error:insufficient_scope|ダウンストリーム API が、アクセス トークンに含まれないアクセス許可 (スコープ) を必要としています。|チャレンジで指定されたスコープへの同意をユーザーに求め、そのスコープで新しいトークンを要求します。
error:insufficient_claims|API が必要とするクレームがトークンにないため、ダウンストリーム API がトークンを拒否しました (条件付きアクセスまたは CAE)。|チャレンジで指定されたクレームを含む新しいトークンを取得します。ユーザーがいる場合は対話形式で取得します。
error:invalid_token|ダウンストリーム API が、期限切れ、取り消し済み、または形式が不正なアクセス トークンを拒否しました。|キャッシュされたトークンを破棄して新しいトークンを取得します。失敗した場合はユーザーにもう一度サインインしてもらいます。
error:invalid_dpop_proof|要求と一緒に送信された DPoP 証明が拒否されました。|アプリが DPoP 証明を作成する処理 (キー、htm、htu、iat) を確認します。
suberror:basic_action|条件付きアクセスが、多要素認証や利用規約への同意など、サインイン画面でユーザーが行える手順を求めています。|対話型サインインを行い、クレーム チャレンジがあればそのまま渡します。
suberror:additional_action|ユーザーは、デバイスの登録など、サインイン セッションの外で操作を行う必要があります。|対話型サインインを行い、ユーザーに手順を表示します。
suberror:message_only|アクセスはブロックされています。サインイン ページは理由を説明することしかできません。|ブロックとして扱います。ユーザーまたは管理者が、デバイス、場所、またはポリシーを変更する必要があります。
suberror:consent_required|要求されたアクセス許可への同意がないか、取り消されています。|prompt=consent でサインインしてもらい、同意できるようにします。
suberror:user_password_expired|ユーザーのパスワードの有効期限が切れています。|対話型サインインを行い、ユーザーがパスワードを変更できるようにします。
suberror:bad_token|更新トークンが期限切れ、取り消し済み、または破損しているため、再利用できません。|キャッシュされた更新トークンを削除し、ユーザーにもう一度サインインしてもらいます。
suberror:token_expired|条件付きアクセスによりセッションが終了しました (サインインの頻度など)。|ユーザーに対話形式でもう一度サインインしてもらいます。
suberror:protection_policy_required|このアプリには Intune アプリ保護ポリシーが必要です。|Intune アプリ保護に対応したアプリを使用するか、管理者にポリシーの調整を依頼します。
suberror:client_mismatch|更新トークンは別のアプリ ファミリーのものです。|その更新トークンの使用をやめ、アプリ自身のフローでユーザーにサインインしてもらいます。
suberror:device_authentication_failed|デバイスが Entra ID に対して認証できませんでした。|デバイスを再登録または再参加させます。サインインをやり直すだけでは解決しません。
suberror:ux_not_allowed|現在 UI を表示できない状況でトークンが要求されました。|ユーザーがいるときに対話形式で再試行します。
suberror:ui_not_allowed|現在 UI を表示できない状況でトークンが要求されました。|ユーザーがいるときに対話形式で再試行します。
suberror:interrupted_user|ユーザーは操作が必要な中断状態にあります。|対話型サインインを行います。
msal:no_tokens_found|このアカウントとスコープのトークンがキャッシュに見つかりませんでした。|ユーザーに対話形式でサインインしてもらい、新しいトークンを取得します。
msal:no_account_in_silent_request|サイレント トークン要求にアカウントが指定されていません。|ユーザーにサインインしてもらい、そのアカウントを指定して acquireTokenSilent を呼び出します。
msal:no_account_found|アカウントが MSAL のキャッシュにありません。|ユーザーにもう一度サインインしてもらい、キャッシュを作成します。
msal:refresh_token_expired|キャッシュされた更新トークンの有効期限が切れています。|ユーザーに対話形式でもう一度サインインしてもらいます。
msal:native_account_unavailable|ブローカーがアカウントを見つけられませんでした。|ユーザーに対話形式でサインインしてもらいます。
msal:token_refresh_required|キャッシュされたトークンを更新する必要がありますが、更新できませんでした。|ユーザーにもう一度サインインしてもらいます。
msal:network_error|トークン要求に Entra ID から応答がありませんでした。|バックオフを入れて再試行します。解決しない場合は、機関 (authority) への送信ネットワーク アクセスを確認します。
msal:no_network_connectivity|コンピューターがネットワークに接続されていません。|ネットワークが回復してから再試行します。
msal:endpoints_resolution_error|MSAL が機関 (authority) のメタデータを読み込めませんでした。|再試行します。解決しない場合は、機関の URL と送信ネットワーク アクセスを確認します。
msal:openid_config_error|MSAL が機関 (authority) の OpenID 構成を読み取れませんでした。|再試行します。解決しない場合は、機関の URL を確認します。
msal:token_parsing_error|トークン エンドポイントの応答が JSON ではありませんでした。多くの場合、障害時やプロキシから返される HTML のエラー ページです。|バックオフを入れて再試行します。解決しない場合は、アプリと機関の間にあるプロキシを確認します。
msal:invalid_state|リダイレクトで返された state がないか、形式が正しくありません。|承認コード要求の state をセッションに保持し、変更せずに戻します。
msal:state_mismatch|リダイレクトの state が、送信した state と一致しません。|サインイン前後のセッション処理を確認します。不一致はコールバックの偽造を示している可能性もあります。
msal:state_not_found|このリダイレクトに対応する state が見つかりませんでした。|コールバックが実行されるまで、要求の state をセッションに保持します。
msal:nonce_mismatch|ID トークンの nonce が、送信した nonce と一致しません。|nonce を要求と一緒に保持します。不一致はトークンの再生攻撃を示している可能性があります。
msal:user_canceled|ユーザーがサインインを取り消しました。|準備ができたらユーザーがやり直せるようにします。自動で繰り返さないでください。
msal:invalid_authority|構成された機関 (authority) の URL が無効です。|MSAL 構成の機関を修正します (https://login.microsoftonline.com/<tenant>)。
msal:untrusted_authority|機関 (authority) が MSAL の既知の機関の一覧にありません。|knownAuthorities に追加するか、機関の URL を修正します。
msal:invalid_client_credential|MSAL に渡されたクライアント資格情報がないか、無効です。|機密クライアントに、クライアント シークレット、証明書、またはアサーションを構成します。
result:0|サインインに成功しました (サインイン ログの ResultType 0)。|対処は不要です。
policy:unknown|このライブラリが認識できない理由で、Entra ID が要求を拒否しました。|Entra のサインイン ログでコードと相関 ID を調べます。不明なコードは aad-error-handler に報告してください。
policy:network|トークン要求が通信途中で失敗したか、スロットルされたか、Entra ID がサーバー エラーを返しました。|Retry-After に従い、バックオフを入れて再試行します。解決しない場合は、機関 (authority) への送信アクセスを確認します。
policy:claims|リソースが、クレーム チャレンジを満たす新しいトークンを必要としています (条件付きアクセスまたは CAE)。|チャレンジのクレームを含めて新しいトークンを取得します。ユーザーがいる場合は対話形式で取得します。
policy:daemon-consent|デーモンには、同意できるユーザーがいません。|デーモンは同意を求めることができません。管理者がこのアプリにアプリケーションのアクセス許可を付与 (管理者の同意) する必要があります。
explain:unknown-input|入力から Entra ID のエラー コードもエラー値も認識できませんでした。|AADSTS コード (50076、AADSTS50076)、コード名、またはエラー テキストか JSON 本文を渡してください。
explain:unknown-code|不明なコード{code}: このライブラリのカタログにありません。|Entra のサインイン ログでコードと相関 ID を調べます。不明なコードは aad-error-handler に報告してください。
`;
