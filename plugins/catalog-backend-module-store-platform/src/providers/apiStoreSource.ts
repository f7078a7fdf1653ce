import {
  StoreStatusClient,
  StoreStatusClientOptions,
} from '@store-platform/plugin-store-platform-node';
import { StoreSource } from './StoreEntityProvider';

/**
 * Reads every store, page after page, from the store-platform API with the
 * catalog's own service credentials (the catalog runs as its own plugin, with
 * its own database, so it cannot read the registry directly).
 */
export function apiStoreSource(options: StoreStatusClientOptions): StoreSource {
  const client = new StoreStatusClient(options);
  return { listAll: () => client.listAll() };
}
