import { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { WaitFailedError } from '../errors';
import { applyObject } from '../kube/apply';
import { kubeClients } from '../kube/clients';
import { deleteJob } from '../kube/deleteJob';
import { withRetry } from '../kube/retry';
import {
  buildBackupExportJob,
  buildExportIngressPolicy,
  EXPORT_PORT,
  ExportPeers,
} from '../resources/backupExport';
import { storeNamespace } from '../resources/names';
import { waitFor } from '../wait/waitFor';
import { watchUntil } from '../wait/watchUntil';

/** A running export server: where the target's restore Job fetches the backup, and how to stop it. */
export interface BackupExportServer {
  /** `http://<pod ip>:<port>`; only the target's restore pod is admitted. */
  url: string;
  stop(): Promise<void>;
}

/** Waits until the export server's pod runs with an address; a pod that ended first is a failure. */
function waitForServerAddress(
  kc: KubeConfig,
  namespace: string,
  jobName: string,
  options: { signal?: AbortSignal; timeoutMs: number },
): Promise<string> {
  const core = kubeClients(kc).core;
  const labelSelector = `batch.kubernetes.io/job-name=${jobName}`;
  const target = `the export server (Job ${namespace}/${jobName})`;
  return waitFor(target, options, ctx => [
    watchUntil<V1Pod, string>(
      kc,
      {
        description: `pods of Job ${namespace}/${jobName}`,
        path: `/api/v1/namespaces/${namespace}/pods`,
        labelSelector,
        list: () => core.listNamespacedPod({ namespace, labelSelector }),
      },
      (type, pod) => {
        const phase = pod.status?.phase;
        if (type !== 'DELETED' && phase === 'Running' && pod.status?.podIP) {
          return pod.status.podIP;
        }
        if (phase === 'Failed' || phase === 'Succeeded') {
          throw new WaitFailedError(
            target,
            'stopped',
            `its pod ${pod.metadata?.name} ended (${phase}) before the copy`,
          );
        }
        ctx.progress(`waiting for ${target} to run`);
        return undefined;
      },
      ctx.signal,
    ),
  ]);
}

/**
 * Starts a clone's export server in the source namespace (see
 * resources/backupExport.ts for why the copy works this way) and waits for
 * its address. `stop()` deletes its Job; its pod and NetworkPolicy follow.
 */
export async function startBackupExport(
  kubeConfig: KubeConfig,
  peers: ExportPeers,
  options: {
    backupId: string;
    timeoutMs: number;
    /** Aborts the work (e.g. the scaffolder task was cancelled). */
    signal?: AbortSignal;
    /** Called with a line for the task log as the work goes on. */
    onProgress?: (message: string) => void;
  },
): Promise<BackupExportServer> {
  const clients = kubeClients(kubeConfig);
  const namespace = storeNamespace(peers.source.storeId);
  const name = peers.exportJobName;
  const job = buildBackupExportJob(peers.source, {
    name,
    backupId: options.backupId,
    timeoutMs: options.timeoutMs,
  });
  const stop = () =>
    deleteJob(
      clients,
      { namespace, name },
      { propagationPolicy: 'Background' },
    );
  const created = await withRetry(
    `create Job ${namespace}/${name}`,
    () => clients.batch.createNamespacedJob({ namespace, body: job }),
    { signal: options.signal },
  );
  try {
    await applyObject(
      clients,
      buildExportIngressPolicy(peers, created.metadata!.uid!),
      { signal: options.signal },
    );
    options.onProgress?.(
      `serving backup ${options.backupId} to store ${peers.targetStoreId} from Job ${name}`,
    );
    const ip = await waitForServerAddress(kubeConfig, namespace, name, {
      signal: options.signal,
      timeoutMs: Math.min(options.timeoutMs, 5 * 60_000),
    });
    const host = ip.includes(':') ? `[${ip}]` : ip;
    return { url: `http://${host}:${EXPORT_PORT}`, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
