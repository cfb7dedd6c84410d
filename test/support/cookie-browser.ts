// A minimal browser for HTTP tests: keeps cookies per host (no domain/path subtleties beyond
// what the gateway needs: path-scoped cookies are sent by prefix), follows redirects by hand so
// a test can stop where it wants, and remembers where it is.
export class CookieBrowser {
  private readonly jar = new Map<string, { value: string; path: string }>();
  url = '';

  private cookieHeader(url: URL): string {
    return [...this.jar.entries()]
      .filter(([, c]) => url.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  private remember(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const path = attributes.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attributes.some((a) => /^max-age=0$/i.test(a.trim()) || /^expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, { value, path });
    }
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url, this.url || undefined);
    const headers: Record<string, string> = { accept: 'text/html', cookie: this.cookieHeader(target) };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(target, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.remember(res);
    this.url = target.href;
    return res;
  }

  /** GETs `url` and follows redirects until `stop(url)` says so or a non-redirect answers. */
  async follow(url: string, stop: (url: string) => boolean = () => false, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ url: string; res: Response }> {
    let res = await this.request(url, init);
    let current = new URL(url, this.url).href;
    for (let hops = 0; hops < 20 && res.status >= 300 && res.status < 400; hops++) {
      const location = res.headers.get('location');
      if (!location) break;
      current = new URL(location, current).href;
      if (stop(current)) return { url: current, res };
      res = await this.request(current);
    }
    return { url: current, res };
  }
}

/** The same-device button's link on a wallet-session page. */
export function walletLinkOf(html: string): string {
  const match = /<a href="([^"]+)" class="nhsuk-button"[^>]*id="open-wallet"/.exec(html) ?? /<a href="([^"]+)" class="nhsuk-button"/.exec(html);
  if (!match) throw new Error('page has no wallet link');
  return match[1]!.replace(/&amp;/g, '&');
}
