import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Names this backend process among the replicas sharing the database: the
 * host (the pod's name on Kubernetes) and process id say where it ran, the
 * random suffix keeps a restarted process with a reused pid distinct.
 */
export function newReplicaId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
