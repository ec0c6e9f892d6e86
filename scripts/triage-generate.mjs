// Realistic Entra sign-in logs for `aadsts triage` tests, bench and soak: a tenant's users, apps, office
// and home IPs, a mix of result codes weighted like a real tenant's, and attacks injected at known
// times so the findings can be scored against ground truth. Seeded, so every run is the same.
// Formats: every export `triage` reads (see FORMATS).

const DAY_MS = 86_400_000;

/** Deterministic PRNG (mulberry32): the same seed gives the same log. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Background result codes, weighted roughly as in a mid-size tenant's interactive and
// non-interactive sign-ins: mostly success, then KMSI and MFA interrupts, sign-in frequency,
// silent-auth misses and the occasional typo. Developer/admin-owned codes stay rare.
const BACKGROUND = [
  [0, 8600], [50140, 300], [50074, 200], [50076, 150], [50126, 120], [70044, 80], [50058, 80], [700082, 50],
  [16000, 40], [50097, 40], [81010, 30], [65001, 25], [500121, 15], [53003, 15], [53000, 10], [50173, 10],
  [50055, 8], [50057, 5], [50053, 3], [7000215, 2], [700016, 2], [50011, 1], [50196, 1], [90055, 1],
];
const BACKGROUND_TOTAL = BACKGROUND.reduce((sum, [, weight]) => sum + weight, 0);

const REASONS = {
  0: '',
  50011: "The redirect URI specified in the request does not match the redirect URIs configured for the application.",
  50053: 'Account is locked because user tried to sign in too many times with an incorrect user ID or password.',
  50055: 'The password is expired.',
  50057: 'User account is disabled.',
  50058: 'Session information is not sufficient for single-sign-on.',
  50074: 'Strong Authentication is required.',
  50076: 'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access.',
  50097: 'Device authentication is required.',
  50126: 'Error validating credentials due to invalid username or password.',
  50140: 'This error occurred due to "Keep me signed in" interrupt when the user was signing-in.',
  50173: 'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
  50196: 'The server terminated an operation because it encountered a client request loop.',
  53000: 'Device is not in required device state: compliant.',
  53003: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
  65001: 'The user or administrator has not consented to use the application.',
  70044: 'The session has expired or is invalid due to sign-in frequency checks by conditional access.',
  81010: 'Seamless SSO failed because the user\'s Kerberos ticket has expired or is invalid.',
  90055: 'The tenant is receiving too many requests and is being throttled.',
  500121: 'Authentication failed during strong authentication request.',
  700016: 'Application with identifier was not found in the directory.',
  700082: 'The refresh token has expired due to inactivity.',
  7000215: 'Invalid client secret is provided.',
  7000222: 'The provided client secret keys are expired.',
  16000: 'Either multiple user identities are available for the current request or selected account is not supported for the scenario.',
};

const APPS = [
  ['Microsoft Teams', '1fec8e78-bce4-4aaf-ab1b-5451cc387264', 30],
  ['Office 365 Exchange Online', '00000002-0000-0ff1-ce00-000000000000', 25],
  ['Microsoft Office', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 15],
  ['Azure Portal', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 5],
  ['Contoso Expenses', '6a1e3a2c-0f8e-4a53-9a7e-1f0b7c0a0c01', 6],
  ['Contoso HR Portal', '6a1e3a2c-0f8e-4a53-9a7e-1f0b7c0a0c02', 5],
  ['Contoso Sales API', '6a1e3a2c-0f8e-4a53-9a7e-1f0b7c0a0c03', 4],
  ['Contoso Nightly Sync', '6a1e3a2c-0f8e-4a53-9a7e-1f0b7c0a0c04', 3],
  ['SharePoint Online', '00000003-0000-0ff1-ce00-000000000000', 5],
  ['Azure CLI', '04b07795-8ddb-461a-bbee-02f9e1bf7b46', 2],
];
const APP_TOTAL = APPS.reduce((sum, [, , weight]) => sum + weight, 0);
const CITIES = [['Seattle', 'US'], ['Tokyo', 'JP'], ['London', 'GB'], ['Osaka', 'JP'], ['Austin', 'US']];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function weighted(rand, table, total, weightOf) {
  let x = rand() * total;
  for (const entry of table) {
    x -= weightOf(entry);
    if (x < 0) return entry;
  }
  return table[table.length - 1];
}

function uuid(rand) {
  const hex = () => Math.floor(rand() * 0x10000).toString(16).padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

/** Background IPs never start with 185: that range is kept for attackers so the truth stays clean. */
function homeIp(rand) {
  let first = 20 + Math.floor(rand() * 180);
  if (first === 185) first = 186;
  return `${first}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
}

function tenant(rand, userCount) {
  const offices = ['192.0.2', '198.51.100', '203.0.113'].map((prefix, i) => ({ prefix, asn: String(8075 + i) }));
  const users = [];
  for (let i = 0; i < userCount; i++) {
    users.push({ upn: `user${String(i).padStart(4, '0')}@contoso.com`, id: uuid(rand), office: offices[i % offices.length], home: homeIp(rand), city: pick(rand, CITIES) });
  }
  return { users, offices };
}

function event(rand, fields) {
  return { correlationId: uuid(rand), id: uuid(rand), caStatus: fields.code === 53003 || fields.code === 53000 ? 'failure' : fields.code === 0 ? 'success' : 'notApplied', asn: '', ...fields };
}

function background(rand, t, time) {
  const user = pick(rand, t.users);
  const [app, appId] = weighted(rand, APPS, APP_TOTAL, (a) => a[2]);
  const [code] = weighted(rand, BACKGROUND, BACKGROUND_TOTAL, (c) => c[1]);
  const atOffice = rand() < 0.6;
  const ip = atOffice ? `${user.office.prefix}.${10 + Math.floor(rand() * 200)}` : user.home;
  return event(rand, { time, code, user: user.upn, userId: user.id, app, appId, ip, asn: atOffice ? user.office.asn : '', city: user.city });
}

/** Background sign-ins one at a time, for files far larger than memory (soak, bench). */
export function* backgroundEvents({ seed = 1, users = 300, rows = 10_000, start = Date.UTC(2026, 10, 1), days = 3 } = {}) {
  const rand = random(seed);
  const t = tenant(rand, users);
  const step = (days * DAY_MS) / rows;
  for (let i = 0; i < rows; i++) yield background(rand, t, Math.floor(start + i * step + rand() * step));
}

const ATTACK_KINDS = ['password_spray', 'brute_force', 'mfa_fatigue', 'conditional_access_blocks', 'misconfiguration', 'throttling'];
const MISCONFIG_CODES = [7000215, 700016, 50011, 7000222];

/**
 * A tenant's log with `attacks` attacks of every kind injected. Returns the events (time-sorted) and
 * the ground truth: one { kind, subject } per attack, subject as the finding names it.
 */
export function generateSignIns({ seed = 1, users = 300, rows = 20_000, days = 3, attacks = 3, start = Date.UTC(2026, 10, 1) } = {}) {
  const rand = random(seed);
  const t = tenant(rand, users);
  const events = [];
  for (let i = 0; i < rows; i++) events.push(background(rand, t, Math.floor(start + rand() * days * DAY_MS)));
  const truth = [];
  const used = { users: new Set(), apps: new Set(), nets: new Set() };
  const freshUser = () => {
    for (;;) {
      const user = pick(rand, t.users);
      if (!used.users.has(user.upn)) {
        used.users.add(user.upn);
        return user;
      }
    }
  };
  const freshApp = (kind) => {
    const name = `Contoso ${kind} ${used.apps.size + 1}`;
    used.apps.add(name);
    return [name, uuid(rand)];
  };
  const freshNet = () => {
    for (;;) {
      const net = `185.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
      if (!used.nets.has(net)) {
        used.nets.add(net);
        return net;
      }
    }
  };
  const at = (spanMinutes) => {
    const begin = start + rand() * (days * DAY_MS - spanMinutes * 60_000);
    return () => Math.floor(begin + rand() * spanMinutes * 60_000);
  };
  for (let n = 0; n < attacks; n++) {
    for (const kind of ATTACK_KINDS) {
      if (kind === 'password_spray') {
        const net = freshNet();
        const when = at(10 + rand() * 30);
        const targets = 15 + Math.floor(rand() * 25);
        for (let i = 0; i < targets; i++) {
          const user = pick(rand, t.users);
          const ip = `${net}.${1 + Math.floor(rand() * 8)}`;
          const tries = 1 + Math.floor(rand() * 2);
          for (let k = 0; k < tries; k++) events.push(event(rand, { time: when(), code: rand() < 0.1 ? 50053 : 50126, user: user.upn, userId: user.id, app: 'Office 365 Exchange Online', appId: APPS[1][1], ip, city: ['Unknown', 'RU'] }));
        }
        truth.push({ kind, subject: `${net}.0/24` });
      } else if (kind === 'brute_force') {
        const user = freshUser();
        const ip = `${freshNet()}.${1 + Math.floor(rand() * 254)}`;
        const when = at(5 + rand() * 25);
        const times = Array.from({ length: 12 + Math.floor(rand() * 18) }, when).sort((a, b) => a - b);
        for (const time of times) events.push(event(rand, { time, code: 50126, user: user.upn, userId: user.id, app: 'Microsoft Office', appId: APPS[2][1], ip, city: ['Unknown', 'CN'] }));
        const lockouts = 1 + Math.floor(rand() * 3);
        for (let k = 0; k < lockouts; k++) events.push(event(rand, { time: times[times.length - 1] + 1000 * (k + 1), code: 50053, user: user.upn, userId: user.id, app: 'Microsoft Office', appId: APPS[2][1], ip, city: ['Unknown', 'CN'] }));
        truth.push({ kind, subject: user.upn });
      } else if (kind === 'mfa_fatigue') {
        const user = freshUser();
        const ip = `${freshNet()}.${1 + Math.floor(rand() * 254)}`;
        const when = at(10 + rand() * 30);
        const prompts = 6 + Math.floor(rand() * 10);
        for (let k = 0; k < prompts; k++) events.push(event(rand, { time: when(), code: 500121, user: user.upn, userId: user.id, app: 'Microsoft Teams', appId: APPS[0][1], ip, city: ['Unknown', 'NL'] }));
        truth.push({ kind, subject: user.upn });
      } else {
        const [app, appId] = freshApp(kind);
        const when = at(15 + rand() * 30);
        const count = kind === 'conditional_access_blocks' ? 25 + Math.floor(rand() * 40) : kind === 'misconfiguration' ? 15 + Math.floor(rand() * 30) : 8 + Math.floor(rand() * 25);
        const code = kind === 'conditional_access_blocks' ? 53003 : kind === 'misconfiguration' ? pick(rand, MISCONFIG_CODES) : pick(rand, [50196, 90055]);
        for (let k = 0; k < count; k++) {
          const user = pick(rand, t.users);
          events.push(event(rand, { time: when(), code, user: user.upn, userId: user.id, app, appId, ip: `${user.office.prefix}.${10 + Math.floor(rand() * 200)}`, asn: user.office.asn, city: user.city }));
        }
        truth.push({ kind, subject: app });
      }
    }
  }
  events.sort((a, b) => a.time - b.time);
  return { events, truth };
}

// ---- formats ------------------------------------------------------------------------------------

function iso(ms) {
  return new Date(ms).toISOString();
}

/** A Microsoft Graph v1.0 signIn resource (beta adds the fields marked beta). */
export function graphSignIn(e, beta = false) {
  const signIn = {
    id: e.id,
    createdDateTime: iso(e.time),
    userDisplayName: e.user.split('@')[0],
    userPrincipalName: e.user,
    userId: e.userId,
    appId: e.appId,
    appDisplayName: e.app,
    ipAddress: e.ip,
    clientAppUsed: 'Browser',
    correlationId: e.correlationId,
    conditionalAccessStatus: e.caStatus,
    isInteractive: true,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes_v2: [],
    resourceDisplayName: e.app === 'Azure Portal' ? 'Windows Azure Service Management API' : 'Microsoft Graph',
    resourceId: '00000003-0000-0000-c000-000000000000',
    status: { errorCode: e.code, failureReason: e.code === 0 ? null : (REASONS[e.code] ?? 'Other.'), additionalDetails: null },
    deviceDetail: { deviceId: '', displayName: '', operatingSystem: 'Windows 10', browser: 'Edge 120.0.0', isCompliant: false, isManaged: false, trustType: '' },
    location: { city: e.city[0], state: '', countryOrRegion: e.city[1], geoCoordinates: { altitude: null, latitude: 47.6, longitude: -122.3 } },
    appliedConditionalAccessPolicies: [],
  };
  if (beta) Object.assign(signIn, { signInEventTypes: ['interactiveUser'], autonomousSystemNumber: e.asn === '' ? null : Number(e.asn), authenticationRequirement: 'singleFactorAuthentication', userType: 'member', crossTenantAccessType: 'none', incomingTokenType: 'none' });
  return signIn;
}

/** Log Analytics `SigninLogs` columns (as `az monitor log-analytics query` and Sentinel export them). */
export function laSignIn(e, table = 'SigninLogs') {
  return {
    TenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    SourceSystem: 'Azure AD',
    TimeGenerated: iso(e.time),
    ResourceId: '/tenants/72f988bf-86f1-41af-91ab-2d7cd011db47/providers/Microsoft.aadiam',
    OperationName: 'Sign-in activity',
    Category: table === 'SigninLogs' ? 'SignInLogs' : table === 'AADServicePrincipalSignInLogs' ? 'ServicePrincipalSignInLogs' : 'NonInteractiveUserSignInLogs',
    ResultType: String(e.code),
    ResultDescription: e.code === 0 ? '' : (REASONS[e.code] ?? 'Other.'),
    CorrelationId: e.correlationId,
    Identity: e.user.split('@')[0],
    Level: '4',
    Location: e.city[1],
    AppDisplayName: e.app,
    AppId: e.appId,
    AutonomousSystemNumber: e.asn,
    ClientAppUsed: 'Browser',
    ConditionalAccessStatus: e.caStatus,
    IPAddress: e.ip,
    IsInteractive: 'true',
    UserPrincipalName: e.user,
    UserId: e.userId,
    Status: JSON.stringify({ errorCode: e.code, failureReason: e.code === 0 ? 'Other.' : (REASONS[e.code] ?? 'Other.') }),
    Type: table,
  };
}

/** An Azure Monitor diagnostic-settings record (storage archive or Event Hub) of category SignInLogs. */
export function diagnosticRecord(e) {
  return {
    time: iso(e.time),
    resourceId: '/tenants/72f988bf-86f1-41af-91ab-2d7cd011db47/providers/Microsoft.aadiam',
    operationName: 'Sign-in activity',
    operationVersion: '1.0',
    category: 'SignInLogs',
    tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    resultType: String(e.code),
    resultSignature: 'None',
    resultDescription: e.code === 0 ? '' : (REASONS[e.code] ?? 'Other.'),
    durationMs: 0,
    callerIpAddress: e.ip,
    correlationId: e.correlationId,
    identity: e.user.split('@')[0],
    Level: 4,
    location: e.city[1],
    properties: graphSignIn(e, true),
  };
}

const ADMIN_CSV_HEADER = ['Date (UTC)', 'Request ID', 'User agent', 'Correlation ID', 'User ID', 'User', 'Username', 'User type', 'Application', 'Application ID', 'Resource', 'IP address', 'Location', 'Status', 'Sign-in error code', 'Failure reason', 'Client app', 'Conditional Access', 'Autonomous system number', 'Multifactor authentication result'];
const LA_CSV_COLUMNS = ['TimeGenerated [UTC]', 'OperationName', 'ResultType', 'ResultDescription', 'UserPrincipalName', 'IPAddress', 'AppDisplayName', 'AppId', 'ConditionalAccessStatus', 'CorrelationId', 'AutonomousSystemNumber', 'Location', 'Type'];

function csvCell(value) {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function laTime(ms) {
  // The Log Analytics portal's CSV: "11/3/2026, 9:05:07.123 PM", UTC.
  const d = new Date(ms);
  const h = d.getUTCHours();
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')}.${String(d.getUTCMilliseconds()).padStart(3, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

function adminCsvRow(e) {
  const status = e.code === 0 ? 'Success' : [50074, 50140, 50076, 50058].includes(e.code) ? 'Interrupted' : 'Failure';
  return [iso(e.time), e.id, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0', e.correlationId, e.userId, e.user.split('@')[0], e.user, 'Member', e.app, e.appId, 'Microsoft Graph', e.ip, `${e.city[0]}, ${e.city[1]}`, status, e.code === 0 ? '' : e.code, e.code === 0 ? '' : (REASONS[e.code] ?? 'Other.'), 'Browser', e.caStatus === 'failure' ? 'Failure' : e.caStatus === 'success' ? 'Success' : 'Not Applied', e.asn, ''].map(csvCell).join(',');
}

function laCsvRow(e) {
  const r = laSignIn(e);
  return [laTime(e.time), r.OperationName, r.ResultType, r.ResultDescription, r.UserPrincipalName, r.IPAddress, r.AppDisplayName, r.AppId, r.ConditionalAccessStatus, r.CorrelationId, r.AutonomousSystemNumber, r.Location, r.Type].map(csvCell).join(',');
}

/** Every format `triage` reads, by name. */
export const FORMATS = ['graph-jsonl', 'graph-pages', 'graph-beta-jsonl', 'admin-json', 'admin-csv', 'la-csv', 'la-json', 'la-tables', 'diagnostic-jsonl', 'diagnostic-records'];

const PAGE = 1000;

/**
 * The events as text chunks in the named format; iterate and write, so a 1 GB file never sits in
 * memory. Chunks hold up to a page (1000 rows) each.
 */
export function* formatEvents(format, events) {
  let batch = [];
  let first = true;
  const flush = function* (render, open, sep, close) {
    if (batch.length === 0) return;
    yield `${first ? open : sep}${batch.map(render).join(sep)}`;
    first = false;
    batch = [];
  };
  switch (format) {
    case 'graph-jsonl':
    case 'graph-beta-jsonl':
    case 'diagnostic-jsonl': {
      const render = format === 'diagnostic-jsonl' ? diagnosticRecord : (e) => graphSignIn(e, format === 'graph-beta-jsonl');
      for (const e of events) {
        batch.push(e);
        if (batch.length === PAGE) yield* flush((x) => JSON.stringify(render(x)), '', '\n', '');
      }
      yield* flush((x) => JSON.stringify(render(x)), '', '\n', '');
      yield '\n';
      return;
    }
    case 'graph-pages':
    case 'diagnostic-records': {
      // Graph: pages as the API returns them, one after another; the archive: a `records` envelope per blob.
      const page = (items) => (format === 'graph-pages'
        ? JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns', value: items.map((x) => graphSignIn(x)), '@odata.nextLink': 'https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=9177f2e3532fcd4c4d225f68f7b9bdf7_1000' }, null, 2)
        : JSON.stringify({ records: items.map(diagnosticRecord) }, null, 1));
      for (const e of events) {
        batch.push(e);
        if (batch.length === PAGE) {
          yield `${page(batch)}\n`;
          batch = [];
        }
      }
      if (batch.length > 0 || first) yield `${page(batch)}\n`;
      return;
    }
    case 'admin-json':
    case 'la-json': {
      const render = format === 'admin-json' ? (x) => JSON.stringify(graphSignIn(x, true), null, 2) : (x) => JSON.stringify(laSignIn(x));
      for (const e of events) {
        batch.push(e);
        if (batch.length === PAGE) yield* flush(render, '[\n', ',\n', '');
      }
      yield* flush(render, '[\n', ',\n', '');
      yield first ? '[]\n' : '\n]\n';
      return;
    }
    case 'admin-csv':
    case 'la-csv': {
      yield `${(format === 'admin-csv' ? ADMIN_CSV_HEADER : LA_CSV_COLUMNS).map(csvCell).join(',')}\r\n`;
      const render = format === 'admin-csv' ? adminCsvRow : laCsvRow;
      for (const e of events) {
        batch.push(e);
        if (batch.length === PAGE) {
          yield `${batch.map(render).join('\r\n')}\r\n`;
          batch = [];
        }
      }
      if (batch.length > 0) yield `${batch.map(render).join('\r\n')}\r\n`;
      return;
    }
    case 'la-tables': {
      // The Log Analytics query API: { tables: [{ name, columns: [{ name, type }], rows: [[…]] }] }.
      const columns = Object.keys(laSignIn({ time: 0, code: 0, user: 'a@b', userId: '', app: '', appId: '', ip: '', caStatus: '', correlationId: '', asn: '', city: ['', ''], id: '' }));
      yield `{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(columns.map((name) => ({ name, type: name === 'TimeGenerated' ? 'datetime' : 'string' })))},"rows":[\n`;
      for (const e of events) {
        batch.push(e);
        if (batch.length === PAGE) yield* flush((x) => JSON.stringify(Object.values(laSignIn(x))), '', ',\n', '');
      }
      yield* flush((x) => JSON.stringify(Object.values(laSignIn(x))), '', ',\n', '');
      yield '\n]}]}\n';
      return;
    }
    default:
      throw new RangeError(`unknown format ${JSON.stringify(format)}; one of ${FORMATS.join(', ')}`);
  }
}

/** Scores findings against the ground truth by (kind, subject). */
export function score(findings, truth) {
  const expected = new Set(truth.map((t) => `${t.kind}|${t.subject}`));
  const found = new Set(findings.map((f) => `${f.kind}|${f.subject}`));
  let hits = 0;
  for (const key of found) if (expected.has(key)) hits++;
  return {
    precision: found.size === 0 ? (expected.size === 0 ? 1 : 0) : hits / found.size,
    recall: expected.size === 0 ? 1 : hits / expected.size,
    falsePositives: [...found].filter((key) => !expected.has(key)),
    missed: [...expected].filter((key) => !found.has(key)),
  };
}
