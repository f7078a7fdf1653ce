import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

const HOW_TO_START =
  'start the local control plane with `scripts/test-cluster up` (repository root), or set KUBECONFIG to a test cluster';

/**
 * The KubeConfig of the local test cluster: KUBECONFIG if set, else the path
 * `scripts/test-cluster kubeconfig` prints. Fails (never skips) with how to
 * start the cluster when it cannot be reached.
 */
export async function testClusterKubeConfig(): Promise<KubeConfig> {
  let path = process.env.KUBECONFIG;
  if (!path) {
    const script = resolvePackagePath(
      '@store-platform/plugin-store-platform-node',
      '../../scripts/test-cluster',
    );
    try {
      path = execFileSync(script, ['kubeconfig'], { encoding: 'utf8' }).trim();
    } catch (error) {
      throw new Error(
        `cannot find the test cluster's kubeconfig (${
          (error as Error).message
        }); ${HOW_TO_START}`,
      );
    }
  }
  if (!existsSync(path))
    throw new Error(`kubeconfig ${path} does not exist; ${HOW_TO_START}`);
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  try {
    await kc.makeApiClient(VersionApi).getCode();
  } catch (error) {
    throw new Error(
      `the test cluster at ${
        kc.getCurrentCluster()?.server
      } is not reachable (${(error as Error).message}); ${HOW_TO_START}`,
    );
  }
  return kc;
}

/** A store id no other test run uses. */
export function uniqueStoreId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(
    Math.random() * 1296,
  ).toString(36)}`;
}
