import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request as httpsRequest } from 'node:https';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import yaml from 'yaml';

/**
 * A fault-injecting proxy on 127.0.0.1 in front of the test cluster's
 * kube-apiserver.
 *
 * The choice: it terminates TLS with a throwaway self-signed certificate (the
 * kubeconfig it writes trusts exactly that certificate) and forwards every
 * request to the real API server with the admin client certificate. Seeing
 * plain HTTP is what lets it answer 429/5xx/409 as the API server would, and
 * rewrite a request body (e.g. label the bootstrap Job's pods so the
 * simulated cluster fails them); a raw TCP proxy could only drop or delay.
 */
export interface ApiRequest {
  method: string;
  /** Path and query, e.g. `/apis/apps/v1/namespaces/store-x/deployments/wordpress?fieldManager=...`. */
  path: string;
  /** Parsed JSON body, when there is one. */
  body?: any;
  /** The answer's status code (recorded copies only; undefined for a dropped request). */
  status?: number;
}

export type Fault =
  /** Answer with a Kubernetes Status of this code; the API server never sees the request. */
  | { status: number; reason?: string; retryAfterSeconds?: number }
  /** Destroy the client's connection without an answer. */
  | { drop: true }
  /** Forward with this body instead. */
  | { rewrite: any }
  /** Forward unchanged after holding it this long: a write in flight while something else happens. */
  | { delayMs: number };

export type FaultRule = (request: ApiRequest) => Fault | undefined;

export interface FaultProxy {
  /** A kubeconfig whose server is this proxy (hand it to the backend). */
  kubeconfigPath: string;
  /** Replaces the active rule (undefined: forward everything unchanged). */
  setRule(rule: FaultRule | undefined): void;
  /** Resets every open connection (watches included) and refuses new ones for `ms`. */
  outage(ms: number): Promise<void>;
  /** Counts of what the proxy did, by kind (`forwarded`, `injected 429`, `dropped`, `rewritten`, `delayed`, `refused`). */
  stats: Record<string, number>;
  /** Every request seen, in order (method + path), for assertions. */
  requests: ApiRequest[];
  close(): Promise<void>;
}

const REASONS: Record<number, string> = {
  409: 'AlreadyExists',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

function certificate(dir: string): { key: Buffer; cert: Buffer } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=store-platform-fault-proxy',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'proxy.key'),
      '-out',
      join(dir, 'proxy.crt'),
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(join(dir, 'proxy.key')),
    cert: readFileSync(join(dir, 'proxy.crt')),
  };
}

function pemOf(data?: string, file?: string): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (file) return readFileSync(file);
  return undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): any {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function startFaultProxy(admin: KubeConfig): Promise<FaultProxy> {
  const cluster = admin.getCurrentCluster();
  const user = admin.getCurrentUser();
  if (!cluster || !user) throw new Error('the admin kubeconfig has no context');
  const upstream = new URL(cluster.server);
  const upstreamTls = {
    ca: pemOf(cluster.caData, cluster.caFile),
    cert: pemOf(user.certData, user.certFile),
    key: pemOf(user.keyData, user.keyFile),
  };

  const dir = mkdtempSync(join(tmpdir(), 'store-platform-fault-proxy-'));
  const tls = certificate(dir);
  const sockets = new Set<Socket>();
  const stats: Record<string, number> = {};
  const requests: ApiRequest[] = [];
  const count = (what: string) => (stats[what] = (stats[what] ?? 0) + 1);
  let rule: FaultRule | undefined;
  let refuseUntil = 0;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const request: ApiRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      body: parseJson(raw),
    };
    const record: ApiRequest = { method: request.method, path: request.path };
    requests.push(record);
    const fault = rule?.(request);
    if (fault && 'drop' in fault) {
      count('dropped');
      req.socket.destroy();
      return;
    }
    if (fault && 'status' in fault) {
      count(`injected ${fault.status}`);
      record.status = fault.status;
      const reason = fault.reason ?? REASONS[fault.status] ?? 'InternalError';
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        ...(fault.retryAfterSeconds !== undefined
          ? { 'retry-after': String(fault.retryAfterSeconds) }
          : {}),
      });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `injected by the fault proxy: ${reason}`,
          reason,
          code: fault.status,
        }),
      );
      return;
    }
    if (fault && 'delayMs' in fault) {
      count('delayed');
      await new Promise(r => setTimeout(r, fault.delayMs));
    }
    let body = raw;
    if (fault && 'rewrite' in fault) {
      count('rewritten');
      body = Buffer.from(JSON.stringify(fault.rewrite));
    } else {
      count('forwarded');
    }
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.authorization;
    if (body.length > 0 || headers['content-length']) {
      headers['content-length'] = String(body.length);
    }
    const up = httpsRequest(
      {
        ...upstreamTls,
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.path,
        headers,
      },
      upRes => {
        record.status = upRes.statusCode;
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
        upRes.on('error', () => res.destroy());
      },
    );
    up.on('error', () => res.destroy());
    // A client gone (or reset by an outage) ends the upstream call, watches included.
    res.on('close', () => up.destroy());
    up.end(body);
  }

  const server = createServer(tls, (req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket: Socket) => {
    if (Date.now() < refuseUntil) {
      count('refused');
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  const kubeconfigPath = join(dir, 'proxy.kubeconfig');
  writeFileSync(
    kubeconfigPath,
    yaml.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'fault-proxy',
          cluster: {
            server: `https://127.0.0.1:${port}`,
            'certificate-authority-data': tls.cert.toString('base64'),
          },
        },
      ],
      users: [
        {
          name: 'through-proxy',
          // The proxy authenticates upstream itself; this only satisfies the client.
          user: { token: 'fault-proxy' },
        },
      ],
      contexts: [
        {
          name: 'fault-proxy',
          context: { cluster: 'fault-proxy', user: 'through-proxy' },
        },
      ],
      'current-context': 'fault-proxy',
    }),
  );

  return {
    kubeconfigPath,
    stats,
    requests,
    setRule(next) {
      rule = next;
    },
    async outage(ms) {
      refuseUntil = Date.now() + ms;
      count('outages');
      for (const socket of sockets) socket.destroy();
      await new Promise(r => setTimeout(r, ms));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise(r => server.close(() => r(undefined)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True for a request that creates or server-side-applies an object of `kind` (plural resource name). */
export function writes(request: ApiRequest, resource: string): boolean {
  const path = request.path.split('?')[0];
  return (
    (request.method === 'PATCH' || request.method === 'POST') &&
    (path.endsWith(`/${resource}`) || path.includes(`/${resource}/`))
  );
}

/**
 * A copy of Job `job` whose pods the simulated cluster fails
 * (scripts/test-cluster.d/stages.yaml.tmpl): a rule's rewrite, to fail a step for real.
 */
export function withFailingPods(job: any) {
  const copy = structuredClone(job);
  copy.spec.template.metadata ??= {};
  copy.spec.template.metadata.labels = {
    ...copy.spec.template.metadata.labels,
    'store-platform.io/simulate': 'fail',
  };
  return copy;
}

/**
 * app-config for a test backend that reaches the cluster through `proxy`,
 * with the provisioning waits a case needs.
 */
export function backendConfigThrough(
  proxy: FaultProxy,
  timeouts: {
    databaseReadyMs: number;
    storefrontReadyMs: number;
    bootstrapMs: number;
    deleteMs: number;
  },
  /** More of `storePlatform`, e.g. `{ leftoverSweep: { intervalSeconds: 1 } }`. */
  storePlatform: Record<string, unknown> = {},
): string {
  return yaml.stringify({
    storePlatform: {
      ...storePlatform,
      kubernetes: { mode: 'kubeconfig', kubeconfigPath: proxy.kubeconfigPath },
      provisioning: { timeouts },
    },
  });
}
