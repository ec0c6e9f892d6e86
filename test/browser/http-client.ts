// A browser stand-in for the tests that run without Chromium: fetch with a cookie jar per origin and
// redirects left to the test, so each hop (and its status and Location) can be checked.

export interface Hop {
  readonly url: string;
  readonly status: number;
  readonly location: string | null;
  readonly headers: Headers;
  readonly body: string;
}

export class CookieBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  private cookieHeader(url: URL): string {
    return [...(this.jars.get(url.origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(url: URL, headers: Headers): void {
    const jar = this.jars.get(url.origin) ?? new Map<string, string>();
    for (const line of headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
    this.jars.set(url.origin, jar);
  }

  /** One request as a browser navigation (Accept: text/html), without following redirects. */
  async request(target: string, init: { method?: string; form?: Record<string, string>; accept?: string } = {}): Promise<Hop> {
    const url = new URL(target);
    const headers: Record<string, string> = { accept: init.accept ?? 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', cookie: this.cookieHeader(url) };
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form) } : {}),
    });
    this.keep(url, response.headers);
    const location = response.headers.get('location');
    return { url: url.toString(), status: response.status, location: location === null ? null : new URL(location, url).toString(), headers: response.headers, body: await response.text() };
  }

  /** Follows redirects like a browser (303 and 302 become GET) and returns every hop, the final page last. */
  async navigate(target: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Hop[]> {
    const hops = [await this.request(target, init)];
    for (let hop = hops[0]!; hop.location !== null && hops.length < 10; ) {
      hop = await this.request(hop.location);
      hops.push(hop);
    }
    return hops;
  }
}

/** Submits the simulated Entra ID's sign-in or consent form on `page` by pressing the button with `action`. */
export function simulatorForm(page: Hop, action: string): { url: string; form: Record<string, string> } {
  const ticket = /name="ticket" value="([^"]+)"/.exec(page.body)?.[1];
  const formAction = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1];
  if (!ticket || !formAction) throw new Error(`no simulator form on ${page.url}`);
  return { url: new URL(formAction, page.url).toString(), form: { ticket, action } };
}

/** The text of the element carrying `data-field="name"`, entities decoded for the few the pages use. */
export function field(body: string, name: string): string | undefined {
  const raw = new RegExp(`data-field="${name}"[^>]*>(?:<pre>)?([\\s\\S]*?)</`).exec(body)?.[1];
  return raw?.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
