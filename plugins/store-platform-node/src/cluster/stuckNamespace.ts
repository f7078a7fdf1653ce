import { V1Namespace } from '@kubernetes/client-node';

/**
 * Why a terminating namespace is still there, in words: the finalizers that
 * hold it and the namespace controller's own conditions.
 */
export function describeStuckNamespace(ns: V1Namespace): string {
  const parts: string[] = [];
  const finalizers = [
    ...(ns.spec?.finalizers ?? []),
    ...(ns.metadata?.finalizers ?? []),
  ];
  const others = finalizers.filter(f => f !== 'kubernetes');
  if (others.length) parts.push(`held by finalizer ${others.join(', ')}`);
  if (finalizers.includes('kubernetes')) {
    parts.push('its content is still being deleted (finalizer kubernetes)');
  }
  for (const c of ns.status?.conditions ?? []) {
    if (c.status === 'True' && c.message) parts.push(`${c.type}: ${c.message}`);
  }
  return parts.join('; ') || `phase ${ns.status?.phase ?? 'unknown'}`;
}
