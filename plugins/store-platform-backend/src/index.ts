/**
 * The store-platform backend plugin: the store registry and its state
 * machine, the REST API under /api/store-platform, the reconciler and the
 * permissions. Store changes go out on the events bus; the catalog module
 * (`@store-platform/plugin-catalog-backend-module-store-platform`) puts every
 * store in the catalog.
 *
 * @packageDocumentation
 */
export {
  storePlatformPlugin as default,
  createStorePlatformPlugin,
} from './plugin';
export type { StorePlatformPluginOptions } from './plugin';
export type {
  StoreClusterOps,
  StoreInspection,
} from './cluster/StoreClusterOps';
export {
  createStoreConditionalDecision,
  isStoreOwner,
  storeConditions,
  storePermissionResourceRef,
  createStoreClusterConditionalDecision,
  isClusterOpenTo,
  storeClusterConditions,
  storeClusterPermissionResourceRef,
} from './permissions';
export type { StoreQuery } from './permissions';
