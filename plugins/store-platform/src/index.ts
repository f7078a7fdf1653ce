/**
 * Store Platform frontend: the store card for store entities, the stores
 * page, and the client of the store-platform backend.
 *
 * @packageDocumentation
 */
export {
  storePlatformPlugin,
  EntityStoreCard,
  StoresPage,
  StoreIdFieldExtension,
  StoreClusterFieldExtension,
} from './plugin';
export { rootRouteRef as storePlatformRouteRef } from './routes';
export { storePlatformApiRef, StorePlatformClient } from './api';
export type { StorePlatformApi } from './api';
export { isStoreEntity, getStoreId, STORE_ID_ANNOTATION } from './entity';
export type { EntityStoreCardProps } from './components/EntityStoreCard';
export type { StoresPageProps } from './components/StoresPage';
