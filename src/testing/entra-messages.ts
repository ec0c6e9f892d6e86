// Entra's own wording for the codes the simulator answers most, so that logs and error pages read as
// they do against the real service. `{…}` slots are filled from the request; everything else falls
// back to the catalog summary. These texts are upstream text: the library never shows them to users.

/** What a message may name. Missing slots fall back to a neutral word. */
export interface MessageSlots {
  readonly clientId?: string;
  readonly resource?: string;
  readonly tenant?: string;
  readonly parameter?: string;
  readonly grantType?: string;
  readonly redirectUri?: string;
  readonly scope?: string;
}

const TEXTS: Readonly<Record<number, string>> = {
  50011:
    "The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.",
  50013: 'Assertion failed signature validation.',
  50027: 'JWT token is invalid or malformed.',
  50049: 'Unknown or invalid instance.',
  50058: 'A silent sign-in request was sent but no user is signed in.',
  50076:
    "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'.",
  50079:
    "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{resource}'.",
  50173: 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
  50196: 'The server terminated an operation because it encountered a client request loop. Please contact your app vendor.',
  53003: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
  54005: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  65001:
    "The user or administrator has not consented to use the application with ID '{clientId}'. Send an interactive authorization request for this user and resource.",
  65004: 'User declined to consent to access the app.',
  70000: "The provided value for the '{parameter}' parameter is not valid.",
  70003: "The app requested an unsupported grant type '{grantType}'.",
  70008: 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  70011: "The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.",
  70016: 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
  70019: 'Verification code expired.',
  90002:
    "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
  90033: 'A transient error has occurred. Please try again.',
  90055: 'TenantThrottlingError - There are too many incoming requests. Please try again later.',
  700016:
    "Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
  700082: 'The refresh token has expired due to inactivity. The token was inactive for 90.00:00:00.',
  900144: "The request body must contain the following parameter: '{parameter}'.",
  900561: 'The endpoint only accepts POST, OPTIONS requests. Received a GET request.',
  501481: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  7000110: 'Request is ambiguous, multiple application identifiers found. The code or refresh token was issued to a different client.',
  7000215:
    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.",
  7000218: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  9002313: 'Invalid request. Request is malformed or invalid.',
};

const FALLBACK: Required<MessageSlots> = {
  clientId: '00000000-0000-0000-0000-000000000000',
  resource: '00000003-0000-0000-c000-000000000000',
  tenant: 'common',
  parameter: 'code',
  grantType: 'unknown',
  redirectUri: '',
  scope: '',
};

/** Entra's wording for `code` with the slots filled, or undefined when the simulator has none. */
export function entraMessage(code: number, slots: MessageSlots = {}): string | undefined {
  const text = TEXTS[code];
  if (text === undefined) return undefined;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const key = name as keyof MessageSlots;
    // Slot values come from the request; CR and LF would forge extra "Trace ID:" lines in the description.
    return (slots[key] ?? FALLBACK[key]).replace(/[\r\n]/g, ' ').slice(0, 512);
  });
}
