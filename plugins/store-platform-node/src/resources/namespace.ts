import {
  V1LimitRange,
  V1Namespace,
  V1ResourceQuota,
} from '@kubernetes/client-node';
import { BuildContext, namespaceOf, presetOf } from './context';
import { labelsOf } from './labels';
import { OBJECT_NAMES } from './names';
import { parseQuantity, quotaFor } from './sizes';

/**
 * Namespace `store-<id>`. Pod Security admission enforces the configured
 * level (`restricted` by default) and warns/audits at `restricted` always.
 */
export function buildNamespace(ctx: BuildContext): V1Namespace {
  const name = namespaceOf(ctx);
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        ...labelsOf(ctx, 'namespace', name),
        'pod-security.kubernetes.io/enforce': ctx.config.podSecurity,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'latest',
      },
      annotations: {
        'store-platform.io/title': ctx.spec.title,
        ...(ctx.spec.owner
          ? { 'store-platform.io/owner': ctx.spec.owner }
          : {}),
        'store-platform.io/engine': ctx.spec.engine,
        'store-platform.io/size': ctx.spec.size,
      },
    },
  };
}

/** ResourceQuota `store-quota`: sized by the preset so every store pod fits. */
export function buildResourceQuota(ctx: BuildContext): V1ResourceQuota {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: {
      name: OBJECT_NAMES.quota,
      namespace: namespaceOf(ctx),
      labels: labelsOf(ctx, 'policy', OBJECT_NAMES.quota),
    },
    spec: { hard: quotaFor(presetOf(ctx)) },
  };
}

/**
 * LimitRange `store-limits`: defaults for containers that set nothing (none of
 * ours), and maxima so nothing added later can take the whole quota.
 */
export function buildLimitRange(ctx: BuildContext): V1LimitRange {
  const preset = presetOf(ctx);
  const containers = [
    preset.database,
    preset.storefront,
    preset.bootstrap,
    preset.waitForDatabase,
  ];
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: {
      name: OBJECT_NAMES.limits,
      namespace: namespaceOf(ctx),
      labels: labelsOf(ctx, 'policy', OBJECT_NAMES.limits),
    },
    spec: {
      limits: [
        {
          type: 'Container',
          defaultRequest: { ...preset.bootstrap.requests },
          _default: { ...preset.bootstrap.limits },
          max: {
            cpu: `${Math.max(
              ...containers.map(c => parseQuantity(c.limits.cpu)),
            )}m`,
            memory: `${Math.max(
              ...containers.map(c => parseQuantity(c.limits.memory)),
            )}Mi`,
          },
        },
        {
          type: 'PersistentVolumeClaim',
          max: {
            storage: `${Math.max(
              parseQuantity(preset.storage.database),
              parseQuantity(preset.storage.storefront),
            )}Mi`,
          },
        },
      ],
    },
  };
}
