import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { storeEntityRef } from '@store-platform/plugin-store-platform-common';
import { getStoreId } from '../../entity';

/**
 * Finds the catalog entity of each store shown, by the ref the provider gives
 * it, in one POST for the page's stores only (never a filter listing every id,
 * which outgrows a URL at a few hundred stores). Only entities the
 * store-platform provider emitted count; stores not (yet) in the catalog are
 * absent from the map, and a catalog failure leaves the page usable without links.
 */
export function useStoreEntityRefs(storeIds: string[]): Map<string, string> {
  const catalogApi = useApi(catalogApiRef);
  const key = storeIds.join(',');
  const { value } = useAsync(async () => {
    const refs = new Map<string, string>();
    if (storeIds.length === 0) return refs;
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: storeIds.map(storeEntityRef),
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    });
    for (const entity of items) {
      // Look-alikes named after a store are not the store's entity.
      const storeId = entity ? getStoreId(entity) : undefined;
      if (entity && storeId) refs.set(storeId, stringifyEntityRef(entity));
    }
    return refs;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, key]);
  return value ?? new Map();
}
