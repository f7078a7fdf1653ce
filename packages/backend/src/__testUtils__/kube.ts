import { KubeConfig } from '@kubernetes/client-node';

/**
 * The local control plane that `scripts/test integration` brings up for the
 * run (one per run), handed over as KUBECONFIG.
 */
export function testKubeConfig(): KubeConfig {
  if (!process.env.KUBECONFIG) {
    throw new Error(
      'KUBECONFIG is not set: run the integration suites with `scripts/test integration`, or `scripts/test-cluster up` and export KUBECONFIG=$(scripts/test-cluster kubeconfig)',
    );
  }
  const kc = new KubeConfig();
  kc.loadFromFile(process.env.KUBECONFIG);
  return kc;
}

/** Polls `probe` until it returns a value, failing with `what` after the deadline. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}
