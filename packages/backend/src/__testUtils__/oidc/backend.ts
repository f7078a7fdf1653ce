import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoPath } from '../../deploy/__testUtils__/repoPaths';
import { waitForEntity } from '../scaffolder';
import {
  freePort,
  guestToken,
  RunningBackend,
  startBackend,
} from '../startBackend';
import { TEST_TEAMS, writeTestOrganisation } from './catalog';
import { RunningIdp, startOidcIdp } from './idp';

/**
 * The OIDC provider config of app-config.production.yaml (resolver, prompt...), with the
 * test IdP's discovery URL and client in place of its environment variables.
 */
export function productionOidcConfig(idp: RunningIdp): Record<string, unknown> {
  const production = parse(
    readFileSync(repoPath('app-config.production.yaml'), 'utf8'),
  );
  return {
    ...production.auth.providers.oidc.production,
    metadataUrl: idp.metadataUrl,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
  };
}

export interface OidcBackend {
  backend: RunningBackend;
  idp: RunningIdp;
  stop(): Promise<void>;
}

/**
 * A real backend signing in through a real OIDC provider: the IdP on loopback with a
 * client for this backend's callback, the backend with the production OIDC config (in
 * its `development` auth environment), the sign-in page offering only OIDC, and a
 * catalog holding the test organisation next to the repository's own. Resolves once the
 * catalog serves the test Users (sign-in resolves people to them).
 */
export async function startBackendWithOidc(
  options: {
    serveApp?: boolean;
    /** YAML of further top-level keys (not app, auth or catalog, which this sets). */
    extraConfig?: string;
  } = {},
): Promise<OidcBackend> {
  const port = await freePort();
  const idp = await startOidcIdp({
    redirectUri: `http://localhost:${port}/api/auth/oidc/handler/frame`,
  });
  const dir = mkdtempSync(join(tmpdir(), 'store-platform-oidc-'));
  const stopIdp = async () => {
    await idp.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const config = {
      app: { signIn: { providers: ['oidc'] } },
      auth: {
        session: { secret: randomBytes(24).toString('base64url') },
        providers: { oidc: { development: productionOidcConfig(idp) } },
      },
      catalog: {
        // Paths relative to packages/backend, as in app-config.yaml.
        locations: [
          {
            type: 'file',
            target: writeTestOrganisation(dir, idp.users),
            rules: [{ allow: ['User', 'Group'] }],
          },
          {
            type: 'file',
            target: './catalog/org.yaml',
            rules: [{ allow: ['User', 'Group'] }],
          },
          {
            type: 'file',
            target: '../../templates/*/template.yaml',
            rules: [{ allow: ['Template'] }],
          },
        ],
      },
    };
    const backend = await startBackend({
      port,
      serveApp: options.serveApp,
      extraConfig: [stringify(config), options.extraConfig ?? ''].join('\n'),
    });
    const stop = async () => {
      await backend.stop();
      await stopIdp();
    };
    try {
      const token = await guestToken(backend.baseUrl);
      for (const name of Object.keys(TEST_TEAMS)) {
        await waitForEntity(backend.baseUrl, token, { kind: 'user', name });
      }
    } catch (error) {
      await stop();
      throw error;
    }
    return { backend, idp, stop };
  } catch (error) {
    await stopIdp();
    throw error;
  }
}
