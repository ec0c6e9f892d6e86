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

/** A whole page in the demo's frame, in the language of `t` (texts.mjs). */
export function layout(t, title, body) {
  const { frame } = t;
  return html`<!doctype html>
<html lang="${t.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · ${frame.site}</title><link rel="stylesheet" href="/demo.css"></head>
<body><header><a class="brand" href="/">${frame.site}</a><span>${frame.tagline}</span><nav><a href="/">${frame.scenarios}</a> <a href="/glossary">${frame.glossary}</a></nav>${languageSwitch(frame)}</header>
<main>${body}</main></body></html>`.text;
}

/**
 * A URL or header line that may wrap only between its parts (before `?`, `&`, `, `), so a narrow column
 * never splits a parameter name such as `login_hint` or `insufficient_claims` in the middle.
 */
export function breakable(text) {
  const parts = String(text).split(/(?=[?&])|(?<=, )/);
  return new SafeHtml(parts.map(escapeHtml).join('<wbr>'));
}

/**
 * The language of the demo, its pages and aadErrorHandler's: the browser's (Accept-Language), or one
 * picked here and kept in a cookie. Links, not a script: the demo's pages run none. The language names
 * are written in their own language, so either reader finds theirs.
 */
function languageSwitch(frame) {
  return html`<nav class="language" aria-label="${frame.switchLabel}">${frame.switchPrefix} <a href="/language/auto">${frame.browserLanguage}</a> · <a href="/language/en" lang="en">English</a> · <a href="/language/ja" lang="ja">日本語</a></nav>`;
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
