export { storeConditions, createStoreConditionalDecision } from './conditions';
export { isStoreOwner, storePermissionResourceRef } from './rules';
export type { StoreQuery } from './storeQuery';
