// Sign-in logs report success as ResultType 0. It is not a failure, so it has no action and lives
// apart from the code tables; `explain` still answers for it.
export const SIGN_IN_SUCCESS = {
  id: '0',
  summary: 'The sign-in succeeded (sign-in log ResultType 0).',
  remediation: 'Nothing to do.',
  risk: 'low',
} as const;
