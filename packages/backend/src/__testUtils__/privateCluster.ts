import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

const script = join(
  resolve(resolvePackagePath('backend'), '../..'),
  'scripts/test-cluster',
);

/** A second local control plane, for runs that must not disturb the shared one. */
export interface PrivateCluster {
  kubeconfig: string;
  /** Kills kube-apiserver's process group, as a crash would. */
  killApiServer(): void;
  /** `up` again: restarts every component, keeping the etcd data. */
  restart(): void;
  stop(): void;
}

/**
 * Starts a private cluster with its own state dir and ports (`basePort`
 * picks them: apiserver basePort, etcd +1000/+1001, controller-manager +2,
 * scheduler +4, kwok +6), with the given simulated delays. Its data survives
 * a restart (TEST_CLUSTER_KEEP_DATA=1); `stop` wipes everything.
 */
export function startPrivateCluster(options: {
  basePort: number;
  podReadyDelayMs: number;
  jobCompleteDelayMs: number;
}): PrivateCluster {
  const state = mkdtempSync(join(tmpdir(), 'store-platform-private-cluster-'));
  const { basePort } = options;
  const env = {
    ...process.env,
    TEST_CLUSTER_STATE_DIR: state,
    TEST_CLUSTER_APISERVER_PORT: String(basePort),
    TEST_CLUSTER_ETCD_PORT: String(basePort + 1000),
    TEST_CLUSTER_KCM_PORT: String(basePort + 2),
    TEST_CLUSTER_SCHEDULER_PORT: String(basePort + 4),
    TEST_CLUSTER_KWOK_PORT: String(basePort + 6),
    TEST_CLUSTER_POD_READY_DELAY_MS: String(options.podReadyDelayMs),
    TEST_CLUSTER_JOB_COMPLETE_DELAY_MS: String(options.jobCompleteDelayMs),
    TEST_CLUSTER_POD_DELETE_DELAY_MS: '1000',
    TEST_CLUSTER_KEEP_DATA: '1',
  };
  const run = (verb: string) =>
    execFileSync(script, [verb], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      .toString()
      .trim();
  run('up');
  const kubeconfig = run('kubeconfig');
  return {
    kubeconfig,
    killApiServer() {
      const pid = Number(
        readFileSync(join(state, 'pids/kube-apiserver.pid'), 'utf8').trim(),
      );
      // Each component runs in its own process group (setsid), led by this pid.
      process.kill(-pid, 'SIGKILL');
    },
    restart() {
      run('up');
    },
    stop() {
      execFileSync(script, ['down'], {
        env: { ...env, TEST_CLUSTER_KEEP_DATA: '0' },
        stdio: 'ignore',
      });
      rmSync(state, { recursive: true, force: true });
    },
  };
}
