import { request } from 'node:http';

/**
 * A `fetch` that sends requests for `*.localhost` hosts to the ingress controller at
 * `ingressUrl`, with the URL's host as the Host header, as a browser on the cluster's
 * machine would reach them. Chromium resolves `*.localhost` to loopback by itself; Node
 * does not, and its own fetch refuses to set Host. Other URLs go to `fallback`.
 */
export function fetchThroughIngress(
  ingressUrl: string,
  fallback: typeof fetch,
): typeof fetch {
  const ingress = new URL(ingressUrl);
  return async (input, init) => {
    const url = new URL(
      typeof input === 'string' || input instanceof URL ? input : input.url,
    );
    if (!url.hostname.endsWith('.localhost')) return fallback(input, init);
    const headers = new Headers(init?.headers);
    const body =
      init?.body === undefined || init?.body === null
        ? undefined
        : String(init.body);
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        {
          host: ingress.hostname,
          port: ingress.port,
          method: init?.method ?? 'GET',
          path: `${url.pathname}${url.search}`,
          headers: { ...Object.fromEntries(headers), host: url.host },
          timeout: 30_000,
          signal: init?.signal ?? undefined,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const v of [value ?? []].flat())
                responseHeaders.append(name, v);
            }
            // Response refuses a body with the statuses that never have one.
            const noBody = status === 204 || status === 304;
            resolve(
              new Response(noBody ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage,
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${init?.method ?? 'GET'} ${url}: timeout`)),
      );
      req.on('error', reject);
      req.end(body);
    });
  };
}
