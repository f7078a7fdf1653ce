import { STORE_ID_ANNOTATION } from '@store-platform/plugin-store-platform-common';
import type { BuildContext } from './context';

/**
 * Components of a store, the value of `app.kubernetes.io/component`.
 *
 * @public
 */
export type StoreComponent =
  | 'namespace'
  | 'database'
  | 'storefront'
  | 'ingress'
  | 'bootstrap'
  | 'policy'
  | 'credentials'
  | 'backup';

/**
 * The value of the part-of label on every object the platform makes.
 *
 * @public
 */
export const PART_OF = 'store-platform';
/**
 * The value of the managed-by label on every object the platform makes.
 *
 * @public
 */
export const MANAGED_BY = 'store-platform';
/**
 * The store id, as a label on every object (the same key as the catalog annotation).
 *
 * @public
 */
export const STORE_ID_LABEL = STORE_ID_ANNOTATION;
/**
 * The label the stock Kubernetes plugin finds a store's objects by.
 *
 * @public
 */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
/**
 * The label naming the part of a store an object belongs to.
 *
 * @public
 */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
/**
 * The standard label saying who manages an object.
 *
 * @public
 */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/**
 * Which install of the platform owns the object: `managed-by` names the tool (like Helm's
 * `Helm`), this names the install (like Helm's release annotations). The chart's admission
 * policies let an install change or delete only namespaces carrying its own value.
 *
 * @public
 */
export const INSTALLATION_LABEL = 'store-platform.io/installation';
/**
 * Which registration of the store id made the namespace (the store's `registrationUid`). A
 * namespace whose value is not the current registration's is an earlier one's leftover:
 * never adopted, and removed by the backend's leftover sweep.
 *
 * @public
 */
export const REGISTRATION_LABEL = 'store-platform.io/registration';

/**
 * Labels on every store object: recommended labels, the owning install, store id, Backstage
 * Kubernetes id.
 *
 * @public
 */
export function storeLabels(
  storeId: string,
  component: StoreComponent,
  name: string,
  installation: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': storeId,
    [COMPONENT_LABEL]: component,
    'app.kubernetes.io/part-of': PART_OF,
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [INSTALLATION_LABEL]: installation,
    [STORE_ID_LABEL]: storeId,
    [KUBERNETES_ID_LABEL]: storeId,
  };
}

/**
 * `storeLabels` of an object of the store being built, owned by the configured install.
 *
 * @public
 */
export function labelsOf(
  ctx: BuildContext,
  component: StoreComponent,
  name: string,
): Record<string, string> {
  return storeLabels(ctx.spec.id, component, name, ctx.config.installation);
}

/**
 * Selects the pods of one component of one store (stable across upgrades).
 *
 * @public
 */
export function componentSelector(
  storeId: string,
  component: StoreComponent,
): Record<string, string> {
  return {
    'app.kubernetes.io/instance': storeId,
    [COMPONENT_LABEL]: component,
  };
}
