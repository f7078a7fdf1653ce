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
  /** Stops every component and keeps the data, as an outage would (`restart` brings it back). */
  down(): void;
  /** Stops everything and wipes its state. */
  stop(): void;
}

/** The ports of one control plane's components. */
export interface ClusterPorts {
  apiserver: number;
  etcd: number;
  controllerManager: number;
  scheduler: number;
  kwok: number;
}

/**
 * Starts a private cluster with its own state dir and ports (`basePort`
 * picks them: apiserver basePort, etcd +1000/+1001, controller-manager +2,
 * scheduler +4, kwok +6), with the given simulated delays. Its data survives
 * a restart (TEST_CLUSTER_KEEP_DATA=1); `stop` wipes everything.
 */
export function startPrivateCluster(
  options: {
    podReadyDelayMs: number;
    jobCompleteDelayMs: number;
  } & (
    | { basePort: number }
    | {
        ports: ClusterPorts;
        /** A fixed state dir: a run killed before its clean-up is stopped by the next one. */
        stateDir: string;
      }
  ),
): PrivateCluster {
  const state =
    'stateDir' in options
      ? options.stateDir
      : mkdtempSync(join(tmpdir(), 'store-platform-private-cluster-'));
  const ports: ClusterPorts =
    'ports' in options
      ? options.ports
      : {
          apiserver: options.basePort,
          etcd: options.basePort + 1000,
          controllerManager: options.basePort + 2,
          scheduler: options.basePort + 4,
          kwok: options.basePort + 6,
        };
  const env = {
    ...process.env,
    TEST_CLUSTER_STATE_DIR: state,
    TEST_CLUSTER_APISERVER_PORT: String(ports.apiserver),
    TEST_CLUSTER_ETCD_PORT: String(ports.etcd),
    TEST_CLUSTER_KCM_PORT: String(ports.controllerManager),
    TEST_CLUSTER_SCHEDULER_PORT: String(ports.scheduler),
    TEST_CLUSTER_KWOK_PORT: String(ports.kwok),
    TEST_CLUSTER_POD_READY_DELAY_MS: String(options.podReadyDelayMs),
    TEST_CLUSTER_JOB_COMPLETE_DELAY_MS: String(options.jobCompleteDelayMs),
    TEST_CLUSTER_POD_DELETE_DELAY_MS: '1000',
    TEST_CLUSTER_KEEP_DATA: '1',
  };
  const run = (verb: string) =>
    execFileSync(script, [verb], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      .toString()
      .trim();
  const wipe = () => {
    execFileSync(script, ['down'], {
      env: { ...env, TEST_CLUSTER_KEEP_DATA: '0' },
      stdio: 'ignore',
    });
    rmSync(state, { recursive: true, force: true });
  };
  // A fixed state dir may hold a cluster an interrupted run left running.
  if ('stateDir' in options) wipe();
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
    down() {
      run('down');
    },
    stop: wipe,
  };
}
