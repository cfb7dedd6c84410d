// A cookie-keeping client over Fastify's inject() for page tests: remembers cookies (by name),
// takes the CSRF token from the last page, and posts forms as a browser would.
import type { FastifyInstance } from 'fastify';

export interface Page {
  status: number;
  body: string;
  location: string | undefined;
}

export class InjectClient {
  readonly jar = new Map<string, string>();
  csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  private remember(cookies: { name: string; value: string; maxAge?: number; expires?: Date }[]): void {
    for (const c of cookies) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() <= 0)) this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
  }

  get cookie(): string {
    return [...this.jar.entries()].map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join('; ');
  }

  async get(url: string): Promise<Page> {
    const res = await this.app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: this.cookie } });
    this.remember(res.cookies as { name: string; value: string }[]);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined };
  }

  /** Posts a form with the CSRF token of the last page (unless `_csrf` is given). */
  async post(url: string, form: Record<string, string> = {}): Promise<Page> {
    const payload = new URLSearchParams({ _csrf: this.csrf, ...form }).toString();
    const res = await this.app.inject({ method: 'POST', url, payload, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookie } });
    this.remember(res.cookies as { name: string; value: string }[]);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined };
  }

  /**
   * Posts a multipart form as a browser does for `enctype="multipart/form-data"`: the fields (the
   * CSRF token of the last page among them, unless `csrf` is false) and files; a file input left
   * empty is sent as a browser sends it, an empty part with no name.
   */
  async postMultipart(url: string, form: Record<string, string>, files: Record<string, { name: string; type: string; data: Uint8Array } | undefined>, csrf = true): Promise<Page> {
    const payload = new FormData();
    if (csrf) payload.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) payload.append(k, v);
    for (const [k, f] of Object.entries(files)) payload.append(k, f ? new Blob([new Uint8Array(f.data)], { type: f.type }) : new Blob([], { type: 'application/octet-stream' }), f?.name ?? '');
    const res = await this.app.inject({ method: 'POST', url, payload, headers: { accept: 'text/html', cookie: this.cookie } });
    this.remember(res.cookies as { name: string; value: string }[]);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined };
  }

  /** Follows a redirect answer with a GET. */
  async follow(page: Page): Promise<Page> {
    if (!page.location) throw new Error(`expected a redirect, got ${page.status}`);
    return this.get(page.location);
  }

  clone(): InjectClient {
    const other = new InjectClient(this.app);
    for (const [k, v] of this.jar) other.jar.set(k, v);
    other.csrf = this.csrf;
    return other;
  }
}
