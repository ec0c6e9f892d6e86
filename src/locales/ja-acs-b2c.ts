// Japanese texts: id|summary|remediation (see ja.ts).
export const JA_ACS_B2C = `
`;
