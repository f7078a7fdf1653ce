import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** A real backend process started for a test, with everything it printed. */
export interface RunningBackend {
  baseUrl: string;
  /** Leader of the backend's process group (`backstage-cli package start`). */
  pid: number;
  output(): string;
  stop(): Promise<void>;
  /** SIGKILLs the whole process group, as a crash or an OOM kill would. */
  kill(): Promise<void>;
}

const backendDir = resolvePackagePath('backend');
const repoRoot = resolve(backendDir, '../..');

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? res(address.port)
          : rej(new Error('no port')),
      );
    });
  });
}

// Node prints its version after an uncaught error; `package start` keeps
// watching files after its backend child dies, so the parent never exits.
const CRASH_MARKER = /^Node\.js v\d+\.\d+\.\d+$/m;

async function waitForReadiness(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`backend exited with code ${child.exitCode}`);
    }
    if (CRASH_MARKER.test(output())) {
      throw new Error('backend crashed during start-up');
    }
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`backend not ready at ${url} after ${timeoutMs} ms`);
}

/**
 * Starts `packages/backend` exactly as `yarn start` does, on a free port with
 * an in-memory SQLite database, and waits for its readiness endpoint.
 */
export async function startBackend(
  options: {
    extraConfig?: string;
    timeoutMs?: number;
    /** YAML flow mapping for `backend.database`; default in-memory SQLite. */
    database?: string;
    /** Run the backend once, without `package start`'s restart on file changes. */
    noWatch?: boolean;
    /** Serve the built app (packages/app/dist) from the backend's own origin (app.servedByBackend). */
    serveApp?: boolean;
    /** Listen here instead of a new free port, when another party must know the URL first. */
    port?: number;
    /**
     * Start another Backstage app's backend instead of this repository's: its
     * packages/backend, its own CLI and its app-config.yaml (the stock-app test).
     */
    appRoot?: string;
  } = {},
): Promise<RunningBackend> {
  const root = options.appRoot ?? repoRoot;
  const cwd = options.appRoot
    ? join(options.appRoot, 'packages/backend')
    : backendDir;
  const port = options.port ?? (await freePort());
  const baseUrl = `http://localhost:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'store-platform-backend-'));
  const configFile = join(dir, 'app-config.test.yaml');
  writeFileSync(
    configFile,
    [
      'backend:',
      `  baseUrl: ${baseUrl}`,
      `  listen: { port: ${port} }`,
      `  database: ${
        options.database ?? "{ client: better-sqlite3, connection: ':memory:' }"
      }`,
      options.serveApp
        ? `app: { baseUrl: '${baseUrl}', servedByBackend: true }`
        : '',
    ].join('\n'),
  );
  // A file of its own, merged last: extra config may add to the keys set above (app, backend).
  const extraConfigFile = join(dir, 'app-config.extra.yaml');
  writeFileSync(extraConfigFile, options.extraConfig ?? '');

  let output = '';
  // For post-mortems: STORE_PLATFORM_BACKEND_LOG_DIR keeps each backend's output.
  const keepOutput = () => {
    const keep = process.env.STORE_PLATFORM_BACKEND_LOG_DIR;
    if (keep) writeFileSync(join(keep, `backend-${port}.log`), output);
  };
  const configArgs = [
    '--config',
    join(root, 'app-config.yaml'),
    '--config',
    configFile,
    '--config',
    extraConfigFile,
  ];
  // `package start` restarts the backend whenever a source file it imports
  // changes; long fault runs in a checkout others edit need it not to.
  const command = options.noWatch
    ? [
        '--require',
        join(root, 'node_modules/@backstage/cli/config/nodeTransform.cjs'),
        join(cwd, 'src/index.ts'),
        ...configArgs,
      ]
    : [
        join(root, 'node_modules/@backstage/cli/bin/backstage-cli'),
        'package',
        'start',
        ...configArgs,
      ];
  const child = spawn(process.execPath, command, {
    cwd,
    env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise(r => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
    keepOutput();
  };

  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      const exited = new Promise(r => child.once('exit', r));
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
    keepOutput();
  };

  try {
    await waitForReadiness(
      `${baseUrl}/.backstage/health/v1/readiness`,
      child,
      () => output,
      options.timeoutMs ?? 90_000,
    );
  } catch (error) {
    await stop();
    throw new Error(
      `${(error as Error).message}\n--- backend output ---\n${output}`,
    );
  }
  return { baseUrl, pid: child.pid!, output: () => output, stop, kill };
}

/** Signs in with the guest provider, as the app does, and returns a Backstage token. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  }
  const body = await res.json();
  return body.backstageIdentity.token;
}
