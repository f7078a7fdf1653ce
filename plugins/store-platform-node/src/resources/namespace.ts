import {
  V1LimitRange,
  V1Namespace,
  V1ResourceQuota,
} from '@kubernetes/client-node';
import { StoreSize } from '@store-platform/plugin-store-platform-common';
import { ProvisioningConfig } from '../config/provisioningConfig';
import { BuildContext, namespaceOf } from './context';
import { labelsOf, REGISTRATION_LABEL, storeLabels } from './labels';
import { OBJECT_NAMES, storeNamespace } from './names';
import { parseQuantity, quotaFor, SIZE_PRESETS } from './sizes';

/**
 * Annotation on a store's namespace: the administrator email it was created with.
 *
 * @public
 */
export const ADMIN_EMAIL_ANNOTATION = 'store-platform.io/admin-email';

/**
 * Namespace `store-<id>`. Pod Security admission enforces the configured
 * level (`restricted` by default) and warns/audits at `restricted` always.
 *
 * @public
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
        ...(ctx.spec.registration
          ? { [REGISTRATION_LABEL]: ctx.spec.registration }
          : {}),
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
        // What a retry, which has only the store's id, re-creates the bootstrap with.
        ...(ctx.spec.adminEmail
          ? { [ADMIN_EMAIL_ANNOTATION]: ctx.spec.adminEmail }
          : {}),
      },
    },
  };
}

/** What the quota and limit range depend on: the store, its size and the install. */
export interface SizedStore {
  /** The store's id. */
  storeId: string;
  /** The store's size preset. */
  size: StoreSize;
  /** `storePlatform.provisioning`, defaults filled in. */
  config: ProvisioningConfig;
}

const sizedStoreOf = (ctx: BuildContext): SizedStore => ({
  storeId: ctx.spec.id,
  size: ctx.spec.size,
  config: ctx.config,
});

const sizedLabels = (store: SizedStore, name: string) =>
  storeLabels(store.storeId, 'policy', name, store.config.installation);

/**
 * ResourceQuota `store-quota`: sized by the preset so every store pod fits.
 *
 * @public
 */
export function buildResourceQuota(ctx: BuildContext): V1ResourceQuota {
  return buildResourceQuotaOf(sizedStoreOf(ctx));
}

/** `buildResourceQuota` for an existing store, known by id and size (day-two operations). */
export function buildResourceQuotaOf(store: SizedStore): V1ResourceQuota {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: {
      name: OBJECT_NAMES.quota,
      namespace: storeNamespace(store.storeId),
      labels: sizedLabels(store, OBJECT_NAMES.quota),
    },
    spec: { hard: quotaFor(SIZE_PRESETS[store.size]) },
  };
}

/**
 * LimitRange `store-limits`: defaults for containers that set nothing (none of
 * ours), and maxima so nothing added later can take the whole quota.
 *
 * @public
 */
export function buildLimitRange(ctx: BuildContext): V1LimitRange {
  return buildLimitRangeOf(sizedStoreOf(ctx));
}

/** `buildLimitRange` for an existing store, known by id and size (day-two operations). */
export function buildLimitRangeOf(store: SizedStore): V1LimitRange {
  const preset = SIZE_PRESETS[store.size];
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
      namespace: storeNamespace(store.storeId),
      labels: sizedLabels(store, OBJECT_NAMES.limits),
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
              ...Object.values(preset.storage).map(parseQuantity),
            )}Mi`,
          },
        },
      ],
    },
  };
}
