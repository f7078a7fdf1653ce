import { createConditionExports } from '@backstage/plugin-permission-node';
import { storePermissionResourceRef, storePermissionRules } from './rules';

const exported = createConditionExports({
  resourceRef: storePermissionResourceRef,
  rules: storePermissionRules,
});

/**
 * Conditions on stores for permission policies, e.g.
 * `createStoreConditionalDecision(permission, storeConditions.isStoreOwner({ claims }))`.
 *
 * @public
 */
export const storeConditions = exported.conditions;

/**
 * Wraps store conditions into a conditional decision for a permission policy.
 *
 * @public
 */
export const createStoreConditionalDecision =
  exported.createConditionalDecision;
