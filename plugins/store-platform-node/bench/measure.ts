/**
 * What every benchmark here measures with: timing, percentiles, a KubeConfig
 * that counts API requests, the simulated cluster's delays, and the cluster
 * to run on (the shared one, or a private one the benchmark starts and stops).
 */
import { KubeConfig } from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repo = resolve(__dirname, '../../..');
export const testCluster = join(repo, 'scripts/test-cluster');

/** A KubeConfig that counts every API request (each request authenticates once). */
export function countingKubeConfig(path: string) {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  const counter = { requests: 0 };
  const auth = kc.applySecurityAuthentication.bind(kc);
  kc.applySecurityAuthentication = async ctx => {
    counter.requests++;
    return auth(ctx);
  };
  const fetchOptions = kc.applyToFetchOptions.bind(kc);
  kc.applyToFetchOptions = async opts => {
    counter.requests++; // watches
    return fetchOptions(opts);
  };
  return { kc, counter };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The kwok stage delays of the cluster in `stateDir`, by stage name. */
export function clusterDelays(stateDir: string): Record<string, string> {
  const file = join(stateDir, 'kwok.yaml');
  if (!existsSync(file)) return {};
  const delays: Record<string, string> = {};
  for (const doc of readFileSync(file, 'utf8').split(/^---$/m)) {
    const name = /name: (sp-[a-z-]+)/.exec(doc)?.[1];
    const ms = /durationMilliseconds: (\d+)/.exec(doc)?.[1];
    if (name && ms) delays[name] = `${ms} ms`;
  }
  return delays;
}

/** The cluster a benchmark runs on, and how to let it go. */
export interface BenchCluster {
  stateDir: string;
  kubeconfigPath: string;
  /** True when the benchmark started it (and stops it). */
  own: boolean;
  stop(): void;
}

/**
 * With `own`, a private simulated cluster in its own state folder and ports
 * (so its delays can be chosen), stopped by `stop`; else the shared one.
 */
export function benchCluster(own: boolean): BenchCluster {
  if (!own) {
    return {
      stateDir:
        process.env.TEST_CLUSTER_STATE_DIR ??
        join(process.env.HOME ?? '', '.cache/store-platform/cluster-state'),
      kubeconfigPath:
        process.env.KUBECONFIG ??
        execFileSync(testCluster, ['kubeconfig'], { encoding: 'utf8' }).trim(),
      own: false,
      stop: () => {},
    };
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-cluster-'));
  const env = {
    ...process.env,
    TEST_CLUSTER_STATE_DIR: stateDir,
    TEST_CLUSTER_APISERVER_PORT: '17443',
    TEST_CLUSTER_ETCD_PORT: '24791',
    TEST_CLUSTER_KCM_PORT: '21257',
    TEST_CLUSTER_SCHEDULER_PORT: '21259',
    TEST_CLUSTER_KWOK_PORT: '21247',
  };
  execFileSync(testCluster, ['up'], { env, stdio: 'inherit' });
  return {
    stateDir,
    kubeconfigPath: execFileSync(testCluster, ['kubeconfig'], {
      env,
      encoding: 'utf8',
    }).trim(),
    own: true,
    stop: () => execFileSync(testCluster, ['down'], { env, stdio: 'inherit' }),
  };
}

/** Writes a Markdown report and formats it as the repository does. */
export function formatReport(path: string): void {
  execFileSync(join(repo, 'node_modules/.bin/prettier'), ['--write', path], {
    stdio: 'ignore',
  });
}
