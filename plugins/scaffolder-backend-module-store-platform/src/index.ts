/**
 * The `store:*` scaffolder actions: register, provision and delete stores.
 *
 * @packageDocumentation
 */
export { scaffolderModuleStorePlatform as default } from './module';
export * from './actions';
export type {
  StoreCatalog,
  StoreProvisioner,
  StoreRegistry,
  StoreSpec,
  PlannedStep,
  StepEvent,
} from './ports';
