/**
 * The `store:*` scaffolder actions: register, provision and delete stores.
 *
 * @packageDocumentation
 */
export * from './actions';
export type {
  StoreCatalog,
  StoreProvisioner,
  StoreRegistry,
  StoreSpec,
  PlannedStep,
  StepEvent,
} from './ports';
