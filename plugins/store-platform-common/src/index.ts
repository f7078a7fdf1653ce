/**
 * Shared between the Store Platform frontend, backend and scaffolder actions:
 * store types, store-id rules, the status state machine, permissions and the
 * REST contract.
 *
 * @packageDocumentation
 */
export * from './adminCredentials';
export * from './api';
export * from './engines';
export * from './engineAvailability';
export * from './listStores';
export * from './liveUpdates';
export * from './operations';
export * from './permissions';
export * from './status';
export * from './storeChanges';
export * from './storeEntity';
export * from './storeId';
export * from './types';
