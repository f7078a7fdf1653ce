export { storeConditions, createStoreConditionalDecision } from './conditions';
export { isStoreOwner, storePermissionResourceRef } from './rules';
export type { StoreQuery } from './storeQuery';
export {
  createStoreClusterConditionalDecision,
  isClusterOpenTo,
  storeClusterConditions,
  storeClusterPermissionResourceRef,
} from './clusterRules';
