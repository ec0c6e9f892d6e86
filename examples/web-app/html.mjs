// Small helpers for the demo's server-rendered pages. Every value put into a page through `html` is
// escaped unless it is itself the output of `html`, so no query value, upstream text or token can add
// markup. Pages load one stylesheet from this server and run no script (see the CSP in demo.mjs).

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** Markup built by `html`: trusted, so it is not escaped again when nested. */
class SafeHtml {
  constructor(text) {
    this.text = text;
  }

  toString() {
    return this.text;
  }
}

function fragment(value) {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(fragment).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** A template tag: `html\`<p>${text}</p>\`` escapes `text`; arrays and nested `html` are joined. */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, index) => {
    out += fragment(value) + strings[index + 1];
  });
  return new SafeHtml(out);
}

/** A whole page in the demo's frame. */
export function layout(title, body) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · aad-error-handler demo</title><link rel="stylesheet" href="/demo.css"></head>
<body><header><a class="brand" href="/">aad-error-handler demo</a><span>Express + msal-node against a simulated Microsoft Entra ID: no tenant, no secrets, no network</span>${languageSwitch()}</header>
<main>${body}</main></body></html>`.text;
}

/**
 * The language of the pages aadErrorHandler draws: the browser's (Accept-Language), or one picked here
 * and kept in a cookie. Links, not a script: the demo's pages run none.
 */
function languageSwitch() {
  return html`<nav class="language" aria-label="Language of the error pages">Error pages in: <a href="/language/auto">browser language</a> · <a href="/language/en" lang="en">English</a> · <a href="/language/ja" lang="ja">日本語</a></nav>`;
}

/** A definition list from [label, value] rows; rows with an empty value are left out. */
export function table(rows) {
  const shown = rows.filter(([, value]) => value !== undefined && value !== null && value !== '');
  return html`<dl>${shown.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>`;
}

/** Pretty JSON in a <pre>, or the text as it is when it is not JSON. */
export function code(value, field = '') {
  let text = value;
  if (typeof value === 'string') {
    try {
      text = JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      text = value;
    }
  } else {
    text = JSON.stringify(value, null, 2);
  }
  return html`<pre${field ? html` data-field="${field}"` : ''}>${text}</pre>`;
}

/** A button that POSTs to one of the demo's own routes. */
export function postButton(action, label, kind = 'primary') {
  return html`<form method="post" action="${action}"><button class="${kind}" type="submit">${label}</button></form>`;
}

/** Decodes a base64url claims value for display; null when it is not base64url JSON text. */
export function decodeClaimsParam(value) {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return null;
  const text = Buffer.from(value, 'base64url').toString('utf8');
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

/** The payload of a JWT, for showing a few claims; never show the token itself. */
export function jwtClaims(token) {
  const payload = typeof token === 'string' ? token.split('.')[1] : undefined;
  if (!payload) return {};
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}
