import { homedir } from 'node:os';
import { join } from 'node:path';
import { PrivateCluster, startPrivateCluster } from './privateCluster';

/**
 * Ports of the second control plane ("cluster B") of the multi-cluster suite:
 * apart from the shared cluster's (16443, 23791, 20257, 20259, 20247) and the
 * real-node cluster's (17443, 24791, 21257, 21259, 21247), so all three can run at once,
 * and below the kernel's ephemeral range (32768-60999): etcd's peer port once
 * failed to bind at 33792, held by some process's outgoing connection.
 */
export const SECOND_CLUSTER_PORTS = {
  apiserver: 26443,
  etcd: 25791,
  controllerManager: 30257,
  scheduler: 30259,
  kwok: 30247,
};

/** Its state dir, fixed so that a run killed before clean-up is stopped by the next one. */
export const SECOND_CLUSTER_STATE_DIR = join(
  homedir(),
  '.cache/store-platform/cluster-state-b',
);

/** Starts cluster B (about 5 s), wiping whatever an earlier run left. */
export function startSecondCluster(): PrivateCluster {
  return startPrivateCluster({
    ports: SECOND_CLUSTER_PORTS,
    stateDir: SECOND_CLUSTER_STATE_DIR,
    podReadyDelayMs: 500,
    jobCompleteDelayMs: 500,
  });
}
