import { RunningIdp } from './idp';

/** What a Backstage sign-in yields: the token and the identity inside it. */
export interface SignedIn {
  token: string;
  identity: { userEntityRef: string; ownershipEntityRefs: string[] };
}

/** Just enough of a browser's cookie store for two hosts: one cookie per name per host. */
class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.byHost.get(url.host) ?? new Map()).entries()]
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  store(url: URL, response: Response): void {
    const cookies = this.byHost.get(url.host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some(a =>
        /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a),
      );
      if (expired) cookies.delete(name);
      else cookies.set(name, pair.slice(eq + 1).trim());
    }
    this.byHost.set(url.host, cookies);
  }
}

/** A browser-like session: cookies kept, redirects followed by hand, a form posted. */
class Session {
  private readonly jar = new CookieJar();

  async request(
    url: string,
    init: { method?: string; body?: URLSearchParams; headers?: object } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      body: init.body,
      headers: { ...init.headers, cookie: this.jar.header(target) },
      redirect: 'manual',
    });
    this.jar.store(target, response);
    return response;
  }

  /** Follows redirects from `response` until a page that is not one. */
  async follow(response: Response, from: string): Promise<Response> {
    let current = response;
    let url = from;
    for (let hops = 0; current.status >= 300 && current.status < 400; hops++) {
      if (hops > 20) throw new Error(`too many redirects from ${from}`);
      url = new URL(current.headers.get('location')!, url).toString();
      current = await this.request(url);
    }
    Object.defineProperty(current, 'finalUrl', { value: url });
    return current;
  }
}

const finalUrl = (response: Response) =>
  (response as Response & { finalUrl: string }).finalUrl;

/**
 * Signs `username` in to the backend through the OIDC provider the way the app's popup
 * does, but with fetch: the backend's /start, the IdP's own login page (form posted with
 * the user's password), the backend's callback, then /refresh for the Backstage token.
 * Throws with the backend's or the IdP's reason when sign-in is refused.
 */
export async function oidcSignIn(
  baseUrl: string,
  idp: RunningIdp,
  username: string,
  options: { password?: string; env?: string } = {},
): Promise<SignedIn> {
  const session = new Session();
  const done = `${baseUrl}/signed-in`;
  const start = new URL(`${baseUrl}/api/auth/oidc/start`);
  start.search = new URLSearchParams({
    scope: 'openid profile email',
    env: options.env ?? 'development',
    flow: 'redirect',
    redirectUrl: done,
  }).toString();

  // To the IdP's login page.
  const loginPage = await session.follow(
    await session.request(start.toString()),
    start.toString(),
  );
  const html = await loginPage.text();
  const action = html.match(/<form method="post" action="([^"]+)"/)?.[1];
  if (!action || !finalUrl(loginPage).startsWith(idp.issuer)) {
    throw new Error(
      `no login form at ${finalUrl(loginPage)} (${loginPage.status}): ${html}`,
    );
  }

  // The form, then back through the IdP to the backend's callback and our redirect.
  const formUrl = new URL(action, finalUrl(loginPage)).toString();
  const password = options.password ?? idp.users[username]?.password ?? '';
  const posted = await session.request(formUrl, {
    method: 'POST',
    body: new URLSearchParams({ username, password }),
  });
  if (posted.status === 401) {
    throw new Error(`the IdP refused ${username}: wrong username or password`);
  }
  const landed = await session.follow(posted, formUrl);
  const error = new URL(finalUrl(landed)).searchParams.get('error');
  if (error) throw new Error(`sign-in refused: ${error}`);
  if (!finalUrl(landed).startsWith(done)) {
    throw new Error(
      `sign-in ended at ${finalUrl(landed)} (${
        landed.status
      }): ${await landed.text()}`,
    );
  }

  // The app's next step: a Backstage token from the session the callback set up.
  const refresh = await session.request(
    `${baseUrl}/api/auth/oidc/refresh?env=${options.env ?? 'development'}`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  if (!refresh.ok) {
    throw new Error(
      `refresh failed: ${refresh.status} ${await refresh.text()}`,
    );
  }
  const { backstageIdentity } = await refresh.json();
  return {
    token: backstageIdentity.token,
    identity: backstageIdentity.identity,
  };
}
