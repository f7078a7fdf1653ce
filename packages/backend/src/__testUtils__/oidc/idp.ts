import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** A person known to the test identity provider. */
export interface IdpUser {
  username: string;
  password: string;
  email: string;
  name: string;
}

/** A real OpenID Connect provider (oidc-provider) in its own process, for one client. */
export interface RunningIdp {
  issuer: string;
  /** The discovery document, what `auth.providers.oidc.<env>.metadataUrl` points at. */
  metadataUrl: string;
  clientId: string;
  clientSecret: string;
  users: Record<string, IdpUser>;
  stop(): Promise<void>;
}

const secret = () => randomBytes(18).toString('base64url');

/**
 * The people of the test IdP: alice (team-a) and bob (team-b) are also catalog Users
 * (see catalog.ts); carol exists only at the IdP. Passwords are new on every run.
 */
export function testIdpUsers(): Record<string, IdpUser> {
  const user = (username: string, name: string): IdpUser => ({
    username,
    password: secret(),
    email: `${username}@example.com`,
    name,
  });
  return {
    alice: user('alice', 'Alice Example'),
    bob: user('bob', 'Bob Example'),
    carol: user('carol', 'Carol Example'),
  };
}

/**
 * Starts the IdP of idpServer.mjs (plain node: oidc-provider is ESM-only) on a free
 * loopback port, with one confidential client allowed to redirect to `redirectUri`.
 */
export async function startOidcIdp(options: {
  redirectUri: string;
  users?: Record<string, IdpUser>;
  timeoutMs?: number;
}): Promise<RunningIdp> {
  const users = options.users ?? testIdpUsers();
  const clientId = 'store-platform';
  const clientSecret = secret();
  const child = spawn(process.execPath, [join(__dirname, 'idpServer.mjs')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      OIDC_IDP_CONFIG: JSON.stringify({
        client: { clientId, clientSecret, redirectUris: [options.redirectUri] },
        users: Object.values(users),
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', chunk => (output += chunk));
  const stop = () => stopChild(child);
  try {
    const issuer = await readIssuer(child, () => output, options.timeoutMs);
    return {
      issuer,
      metadataUrl: `${issuer}/.well-known/openid-configuration`,
      clientId,
      clientSecret,
      users,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readIssuer(
  child: ChildProcess,
  stderr: () => string,
  timeoutMs = 30_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `test IdP not listening after ${timeoutMs} ms\n${stderr()}`,
          ),
        ),
      timeoutMs,
    );
    child.stdout!.on('data', chunk => {
      stdout += chunk;
      const line = stdout.split('\n').find(l => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line).issuer);
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`test IdP exited with code ${code}\n${stderr()}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise(r => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
