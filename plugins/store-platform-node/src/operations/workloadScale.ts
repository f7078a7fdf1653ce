import { mergePatchObject } from '../kube/apply';
import { KubeClients } from '../kube/clients';

/**
 * Annotation of a suspended workload: how many replicas it had, so resume
 * gives back exactly that (not a default).
 */
export const SUSPENDED_REPLICAS_ANNOTATION =
  'store-platform.io/replicas-before-suspend';

export type ScalableKind = 'Deployment' | 'StatefulSet';

/**
 * Sets a workload's replicas and, in the same write, records (or, with
 * `null`, clears) the replicas to restore. A merge patch of these two fields
 * only: the rest of the object stays as provisioning applied it.
 */
export async function scaleWorkload(
  clients: KubeClients,
  target: { kind: ScalableKind; namespace: string; name: string },
  replicas: number,
  restoreTo: number | null,
  signal?: AbortSignal,
): Promise<void> {
  const { kind, namespace, name } = target;
  await mergePatchObject(
    clients,
    {
      apiVersion: 'apps/v1',
      kind,
      metadata: {
        name,
        namespace,
        annotations: {
          [SUSPENDED_REPLICAS_ANNOTATION]:
            restoreTo === null ? null : String(restoreTo),
        } as unknown as Record<string, string>,
      },
      spec: { replicas },
    },
    { action: `scale ${kind} ${namespace}/${name} to ${replicas}`, signal },
  );
}

/** The replicas a suspended workload recorded, if it recorded a usable number. */
export function recordedReplicas(
  annotations: Record<string, string> | undefined,
): number | undefined {
  const value = Number(annotations?.[SUSPENDED_REPLICAS_ANNOTATION]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
