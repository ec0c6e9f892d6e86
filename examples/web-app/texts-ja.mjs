import { html } from './html.mjs';
import { THROTTLE_SECONDS } from './scenarios.mjs';

// The demo's own words in Japanese, with the keys of texts-en.mjs. Terms follow Microsoft's Japanese
// documentation (サインイン, 多要素認証, 条件付きアクセス, 管理者の同意, テナント, アプリの登録, 相関 ID);
// protocol values (codes, parameters, headers) stay as they are sent.

/** What the sign-in request carried, in one parenthesis: " (prompt=consent、クレーム チャレンジ付き、login_hint=…)". */
function signInExtras(step) {
  const extras = [step.prompt ? `prompt=${step.prompt}` : '', step.claims ? 'クレーム チャレンジ付き' : '', step.loginHint ? `login_hint=${step.loginHint}` : ''].filter(Boolean);
  return extras.length > 0 ? ` (${extras.join('、')})` : '';
}

/** @type {import('./texts.mjs').DemoTexts} */
export const JA = {
  lang: 'ja',
  frame: {
    site: 'aad-error-handler デモ',
    tagline: 'シミュレートされた Microsoft Entra ID に接続する Express + msal-node。テナント、シークレット、ネットワークは不要です',
    scenarios: 'シナリオ',
    glossary: '用語集',
    switchLabel: 'デモとページの表示言語',
    switchPrefix: '表示言語:',
    browserLanguage: 'ブラウザーの言語',
    back: '← シナリオ一覧へ',
  },
  home: {
    title: 'シナリオ',
    heading: 'Entra ID のトークン エラーそれぞれに、次に取るべき対応を 1 つ',
    lead: html`各シナリオでは、シミュレートされた Entra ID を決まった 1 つの方法で失敗するように設定し、Express のルートが<strong>実際の msal-node のトークン呼び出し</strong>を行ってその失敗を受け取ります。<code>aadErrorHandler</code> の応答は、ブラウザーを使うユーザーにはサインインへのリダイレクトか平易な言葉で説明するページ、プログラムには <code>WWW-Authenticate</code> チャレンジと problem+json です。`,
    glossary: (link) => html`カードに出てくるプロトコル用語 (<code>invalid_grant</code>、suberror、claims、acrs、CAE) になじみがない場合は、${link('用語集')}でそれぞれを 1 文で説明しています。`,
    howTo: html`<strong>ブラウザーで実行</strong>は、ユーザーに表示される内容を 1 ステップずつたどります。<strong>API として呼び出す</strong>は、同じルートを <code>Accept: application/json</code> で呼び出し、応答をそのまま表示します。各シナリオは Adele Vance がサインインした状態から始まります (デモはシミュレーターのページを表示せずにこのユーザーをサインインさせます)。`,
    footnote: (simulatorUrl) => html`シミュレートされた Entra ID: <code>${simulatorUrl}</code> · ソース: <code>examples/web-app/</code> · <a href="/me">保護されたページの例 (/me)</a>`,
    entra: 'Entra ID',
    browser: 'ブラウザーへの応答',
    api: 'API 呼び出し元への応答',
    run: 'ブラウザーで実行',
    callAsApi: 'API として呼び出す',
  },
  scenarios: {
    mfa: {
      title: '多要素認証が必要 (クレーム チャレンジ)',
      summary: 'アプリが新しいトークンを取得する前に、組織が 2 つ目の認証要素を求めています。ユーザーはもう一度サインインし、その要素の入力を求められます。',
      entra: '条件付きアクセスが多要素認証を要求: 更新トークンによる要求が invalid_grant、AADSTS50076、suberror basic_action、クレーム チャレンジ (acrs "c1") で失敗します。',
      browser: 'claims を付けた、アプリのサインイン ルートへの 302。サインイン ページが claims を受け取り、アプリに戻ると新しいトークンに acrs "c1" が含まれます。',
      api: '401 と WWW-Authenticate: Bearer … error="insufficient_claims", claims="…"、および problem+json。',
    },
    consent: {
      title: '同意されていない',
      summary: 'ユーザーが同意していないアクセス許可をアプリが要求しています。ユーザーにはアクセス許可の確認画面がもう一度表示されます。',
      entra: 'アプリが要求するアクセス許可にユーザーが同意していない: invalid_grant、AADSTS65001、suberror consent_required。',
      browser: 'prompt=consent を付けた、アプリのサインイン ルートへの 302。そのため、サインイン ページでアクセス許可への同意がもう一度求められます。',
      api: '403 と WWW-Authenticate: Bearer … error="insufficient_scope", scope="…"。',
    },
    'admin-consent': {
      title: '管理者の同意が必要',
      summary: '管理者だけが付与できるアクセス許可をアプリが必要としています。もう一度サインインしても解決しないため、ユーザーには管理者に渡すリンクが表示されます。',
      entra: 'このアクセス許可には管理者の同意が必要: invalid_grant、AADSTS90094。ユーザーがどうサインインしても解決できません。',
      browser: 'リダイレクトなし: 管理者の承認が必要であることを伝える 403 ページと、テナントの管理者の同意リンク。',
      api: '403 insufficient_scope。problem+json の本文に adminConsent: true と adminConsentUrl。',
    },
    'expired-refresh-token': {
      title: '更新トークンの有効期限切れ',
      summary: 'ユーザーが 90 日間アプリを開いていなかったため、アプリが保持していた長期間有効なサインインが切れました。ユーザーは本人であることを確認するだけで続行できます。',
      entra: '更新トークンが 90 日間使われなかった: invalid_grant、AADSTS700082、suberror bad_token。',
      browser: 'login_hint と domain_hint を付けた、アプリのサインイン ルートへの 302。ユーザーは本人であることを確認するだけです。',
      api: '401 と WWW-Authenticate: Bearer … error="invalid_token"。',
    },
    throttling: {
      title: 'スロットル (Retry-After 付きの 429)',
      summary: 'Entra ID へのトークン要求が多すぎるため、アプリに待機が指示されます。ユーザーには、いつ再試行すればよいかが表示されます。',
      entra: `Entra ID がテナントをスロットル: 429 temporarily_unavailable、AADSTS90055、Retry-After: ${THROTTLE_SECONDS}。その後 ${THROTTLE_SECONDS} 秒間、msal-node は Entra を呼び出さずに同じ要求を拒否します。`,
      browser: `withAadErrors は、ページ表示中に待つには長すぎると判断してすぐに中止: Retry-After: ${THROTTLE_SECONDS} 付きの 503 ページ。`,
      api: '503 と Retry-After、および problem+json。',
    },
    'bad-client-secret': {
      title: 'クライアント シークレットが正しくない',
      summary: 'アプリ自身が Entra ID に送るパスワードが正しくありません。ユーザーには解決できないため、ページはそのことを伝え、サポートに伝えるための参照情報を表示します。',
      entra: 'アプリのシークレットがローテーションされたのに、アプリが古いシークレットを送っている: シミュレーター自身のチェックが 401 invalid_client、AADSTS7000215 を返します。',
      browser: 'アプリが正しく構成されていないことを伝える 500 ページ。サインイン ログで検索するための相関 ID 付き。',
      api: 'コードと相関 ID を含む 500 の problem+json。再試行は行いません。',
    },
    'ca-blocked': {
      title: '条件付きアクセスによるブロック',
      summary: '組織のサインイン ルールがこのサインインをブロックしています。ルールを変更できるのは管理者だけです。',
      entra: '条件付きアクセス ポリシーがこのサインインを完全にブロック: invalid_grant、AADSTS53003。',
      browser: 'リダイレクトなし (もう一度サインインしても解決しない): 対応するのは管理者であることを示す 403 ページ。',
      api: 'コードと相関 ID を含む 403 の problem+json。',
    },
    'declined-consent': {
      title: 'ユーザーが同意を拒否',
      summary: 'ユーザーはアクセス許可を求められ、拒否します。アプリは同じ要求を繰り返さずに処理を止め、そのことを伝えます。',
      entra: '同意がない (AADSTS65001)。続いてアクセス許可のページでユーザーが [キャンセル] を押すと、Entra はリダイレクト URI に access_denied、AADSTS65004 を送ります。',
      browser: 'aadSignInCallback がエラーをハンドラーに渡し、「アクセス許可が付与されませんでした」というわかりやすいページを表示します。再度のリダイレクトはしません。',
      api: 'AADSTS65004 を含む 403 の problem+json (コールバックを API として呼び出した場合の応答)。',
      hint: 'シミュレートされたアクセス許可のページで [キャンセル] を押してください。',
    },
    'redirect-loop': {
      title: 'リダイレクト ループ',
      summary: '求められた内容をアプリが次のサインインに渡さなかったときのように、サインインのたびに同じ要求が返ってきます。3 回目でアプリは処理を止めます。',
      entra: '求められた claims をアプリが次のサインインに渡さなかったときのように、サインインのたびに多要素認証のクレーム チャレンジが返ってきます。',
      browser: 'サインインの往復は 2 回まで通り、3 回目の失敗ではリダイレクトの代わりにループ ガードの「サインインの失敗が続いています」ページが表示されます。',
      api: '毎回 401 とクレーム チャレンジ: ループ ガードは API への応答を数えません。',
      hint: '求められるたびにサインインしてください。3 回目の失敗で止まります。',
    },
  },
  steps: {
    handler: (step) => `aadErrorHandler が Entra ID のエラーを受け取り${step.mode === 'web_api' ? ' (API 呼び出し元からの要求)' : ''}、${step.rule} ルールにより ${step.action}${step.code ? ` (${step.code})` : ''} と判断しました`,
    page: (step) =>
      step.page === 'loop'
        ? `リダイレクト ループ ガードが 5 分以内に 3 回目のサインイン リダイレクトを数え、リダイレクトの代わりに専用のページ (HTTP ${step.status}) で応答しました`
        : `リダイレクトの代わりに「${step.page}」ページ (HTTP ${step.status}) でブラウザーに応答しました`,
    'sign-in': (step, link) =>
      `${step.via === 'handler' ? 'ブラウザーをアプリのサインイン ルートにリダイレクトし' : `ユーザーが「${link}」リンクからアプリのサインイン ルートを開き (aadErrorHandler からのリダイレクトなし)`}、そのルートが Entra ID のサインイン要求を作成しました${signInExtras(step)}`,
    'signed-in': () => 'シミュレートされた Entra ID がユーザーをサインインさせ、コードを付けてブラウザーを戻しました。リダイレクト URI が msal-node でそのコードをトークンと引き換えました',
    'admin-approved': () => '管理者が承認リンクを開いて組織に対するアクセス許可を承諾し、シミュレートされた Entra ID が admin_consent=True を付けて管理者を戻しました',
    token: (step) => `同じルートが同じ msal-node の呼び出しをもう一度実行し、トークンを取得しました${step.fromCache ? ' (サインインで格納された msal-node のキャッシュから)' : ''}`,
  },
  links: { 'admin-retry': 'もう一度サインインして同じ呼び出しを実行する', 'sign-in-again': 'もう一度サインインする' },
  stepLabel: (count) => `ステップ ${count}`,
  timeline: 'これまでの流れ',
  signIn: {
    title: 'サインイン ルート',
    eyebrow: 'アプリのサインイン ルート',
    fromHandler: 'aadErrorHandler がブラウザーをアプリのサインイン ルートに送りました',
    fromLink: 'ユーザーがリンクからアプリのサインイン ルートを開きました',
    redirectHeading: '送られたリダイレクト',
    linkHeading: 'ユーザーがたどったリンク',
    redirectIntro: html`<code>Location:</code> を付けた <code>302 Found</code>`,
    linkIntro: 'アプリ自身のページにあるリンクです。今回 aadErrorHandler はリダイレクトを送っていません。',
    notJson: '(base64url の JSON ではありません)',
    requestHeading: html`<code>signInRequestFromQuery(req, …)</code> が作成した内容`,
    requestIntro: html`すべての値が検証されます。安全でない returnTo は <code>/</code> になり、不明なスコープとドメイン ヒントは取り除かれます。`,
    stateNote: '(returnTo と nonce。readSignInState で読み戻します)',
    urlHeading: html`msal-node の <code>getAuthCodeUrl</code> が返す承認 URL`,
    urlIntro: html`msal-node はアプリのクライアント機能 (<code>cp1</code>) を claims に追加します。内容を読めるようにデモはここで一時停止しますが、実際のアプリはすぐにリダイレクトします。`,
    endpoint: 'エンドポイント',
    continue: 'シミュレートされた Entra ID のサインインに進む →',
  },
  success: {
    title: '成功しました',
    eyebrow: 'アプリに戻りました',
    heading: 'アプリに戻りました: トークンの呼び出しは成功しました',
    text: (fromCache) => `同じルートが同じ msal-node の呼び出しをもう一度実行し、今回はトークンを取得しました${fromCache ? ' (サインインで格納された msal-node のキャッシュから)' : ''}。`,
    claimsHeading: 'アクセス トークンのクレーム (トークン自体は表示しません)',
    acrs: 'acrs (満たされた認証コンテキスト)',
    xmsCc: 'xms_cc (クライアント機能)',
  },
  adminDone: {
    title: '管理者の同意が付与されました',
    eyebrow: '管理者の同意のリダイレクト URI',
    heading: '管理者がアプリを承認しました',
    intro: 'シミュレートされた Entra ID は、次の値を付けて管理者をアプリのリダイレクト URI に戻しました:',
    retry: 'ユーザーのトークンは承認前に発行されたものなので、新しいアクセス許可を得るためにユーザーはもう一度サインインします。その後、アプリが同じ呼び出しをもう一度実行します。',
  },
  notFound: {
    title: '見つかりません',
    scenario: 'そのシナリオはありません。',
    run: 'このシナリオの実行は有効期限が切れました。一覧からもう一度開始してください。',
    api: 'この API 呼び出しは有効期限が切れました。一覧からもう一度開始してください。',
  },
  profile: { title: 'プロファイル', heading: (name) => `${name} としてサインインしています`, username: 'ユーザー名', tenant: 'テナント', scopes: 'トークンのスコープ', fromCache: 'キャッシュからのトークン', signOut: 'サインアウト' },
  errorPage: {
    eyebrow: (status, kind) => `ユーザーに表示される内容: HTTP ${status}、「${kind}」ページ`,
    panel: '開発者向け: Decision',
    action: 'アクション',
    code: 'コード',
    error: 'エラー / サブエラー',
    fixBy: '対応者',
    rule: '判断したルール',
    remediation: '対処方法',
  },
  api: {
    title: (scenario) => `${scenario} (API)`,
    eyebrow: 'API として呼び出し',
    heading: '同じエラーへのプログラム向けの応答',
    explanation: (api) => `シングルページ アプリの fetch や別のサービスと同じように、同じルートを Accept: application/json で呼び出しました。プログラムはサインインのリダイレクトをたどれないため、aadErrorHandler は必要なユーザー操作を応答で呼び出し元に返します: ${api}`,
    declined: (api) => `シミュレートされた Entra ID は error=access_denied (AADSTS65004) を付けてユーザーを戻しました。ここでは API と同じようにリダイレクト URI を呼び出しています。${api}`,
    request: '要求',
    response: '応答',
    notShown: '(非表示)',
    readsHeading: '呼び出し元のライブラリが読み取る内容',
    nothing: 'チャレンジも Retry-After もありません。呼び出し元は相関 ID と共にエラーを表示します。',
    claims: 'claims (base64 をデコード)',
    seconds: '秒',
    footnote: html`この応答のリンクはすべて、アプリに構成された機関 <code>login.entra-sim.test</code> 上にあります。これはシミュレートされた Entra ID が <code>login.microsoftonline.com</code> の代わりに使う名前で、どこにも解決されません。デモのブラウザー向けページでは、クリックできるようにシミュレーターのループバック アドレスを表示しています。`,
  },
  glossary: {
    title: '用語集',
    lead: 'シナリオで使うプロトコル用語を、わかりやすく説明します。',
    terms: [
      ['aadsts', 'AADSTS コード', 'Entra ID がエラーごとに付ける番号です (例: AADSTS50076)。Microsoft のエラー コード リファレンスに一覧があり、このライブラリのカタログは各コードに次に取るべき対応を割り当てています。'],
      ['invalid_grant', 'invalid_grant', 'アプリが送ったもの (更新トークンやコード) を Entra ID がトークンと交換しないときに返す OAuth のエラーです。これだけではほとんど何もわからず、suberror、claims、AADSTS コードが理由を示します。'],
      ['suberror', 'suberror (サブエラー)', 'Entra ID がエラーに付け加える、より具体的なもう 1 つの値です: basic_action (もう一度サインインする)、consent_required (アクセス許可が付与されていない)、bad_token (更新トークンの期限切れまたは失効)、message_only (ユーザーには解消できないブロック)。'],
      ['claims', 'claims (クレーム チャレンジ)', '新しいトークンで何を証明する必要があるか (たとえばユーザーが多要素認証を済ませたこと) を伝えるために、Entra ID や API が返す小さな JSON ドキュメントです。アプリはこれを変更せずに次のサインインに渡し、Entra ID はユーザーにまさにその内容を求めます。'],
      ['acrs', 'acrs (認証コンテキスト)', '条件付きアクセスの認証コンテキストを示すクレームです (たとえば「1 時間以内の多要素認証」を表す "c1")。クレーム チャレンジがこれを要求し、それを満たすトークンには acrs: c1 が含まれます。'],
      ['cae', '継続的アクセス評価 (CAE)', 'Entra ID や Microsoft Graph などの API は、トークンの有効期限を待たずに、ほぼリアルタイムでアクセスを取り消します (アカウントの無効化、場所の変更など)。クライアント機能 cp1 を宣言するアプリは長期間有効なトークンを受け取り、CAE が送るクレーム チャレンジを処理する必要があります。'],
      ['consent', '同意と管理者の同意', 'ユーザーの代わりにアプリがアクセス許可を使うことへのユーザーの同意です。一部のアクセス許可やテナントの設定では、組織全体に対して同意できるのは管理者だけです。これが管理者の同意で、/adminconsent ページで付与します。'],
      ['conditional-access', '条件付きアクセス', '組織のサインイン ルールです: 多要素認証を要求する、特定の国をブロックする、管理対象デバイスだけを許可する、など。満たすことができるルールはクレーム チャレンジになり、満たせないルール (AADSTS53003) はサインインをブロックします。'],
      ['www-authenticate', 'WWW-Authenticate', 'API がプログラムにアクセス方法を伝える HTTP ヘッダーです: claims を付けた Bearer error="insufficient_claims"、不足しているスコープを付けた error="insufficient_scope"、または error="invalid_token"。'],
      ['retry-after', 'Retry-After', '再度要求するまでに待つ秒数を示す HTTP ヘッダーです。429 (スロットル) と 503 の応答に付きます。'],
      ['correlation-id', '相関 ID', 'Entra ID への 1 回の要求の ID です。管理者に伝えると、テナントのサインイン ログでこの ID からエラーを見つけられます。'],
      ['problem-json', 'problem+json', 'RFC 9457 で定められた JSON のエラー本文 (type、title、status、detail) です。ハンドラーはアクション、コード、相関 ID と共にプログラムに送ります。'],
    ],
  },
};
