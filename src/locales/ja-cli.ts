import type { CliLabels } from './types.js';

// The labels of `aadsts explain --lang ja`. A CJK character takes two terminal columns, so the labels
// are padded to line up with each other, not with the English ones.
export const JA_CLI_LABELS: CliLabels = {
  action: {
    reauthenticate: 'reauthenticate — ユーザーが (対話形式で) もう一度サインインします',
    consent: 'consent — アクセス許可への同意が必要です',
    claims_challenge: 'claims challenge — チャレンジのクレームを含む新しいトークンを要求します',
    retry: 'retry — 同じ要求が後で成功する可能性があります',
    fail: 'fail — 再試行やサインインのやり直しでは解決しません',
  },
  fixBy: {
    user: 'ユーザー',
    admin: 'テナントの管理者',
    developer: 'アプリの開発者',
    service: 'なし (サービスの回復を待ちます)',
    none: 'なし (エラーではありません)',
  },
  risk: { low: '低 (low)', medium: '中 (medium)', high: '高 (high)' },
  formerly: '  旧名:         ',
  whatHappened: '  発生したこと: ',
  nextStep: '  次の手順:     ',
  whoFixes: '  対処する人:   ',
  whatToDo: '  対処方法:     ',
  riskLabel: '  リスク:       ',
  dependsOn: '  条件次第:     ',
  adminConsentNeeded: ' (管理者の同意が必要)',
  unknownInput: '不明: "{input}" は、このツールが認識できる Entra ID のエラー コードでもエラー テキストでもありません。',
  unknownCode: '不明なコード {code}: このライブラリのカタログにありません。',
  unknownWhatToDo: '対処方法: ',
};
