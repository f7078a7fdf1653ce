import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { getStoreId, STORE_ID_ANNOTATION } from '../../entity';

/**
 * Finds the catalog entity of each store by its `store-platform.io/store-id`
 * annotation, keeping only the entities the store-platform provider emitted.
 * Stores not (yet) in the catalog are simply absent from the map; a catalog
 * failure leaves the page usable, without links.
 */
export function useStoreEntityRefs(storeIds: string[]): Map<string, string> {
  const catalogApi = useApi(catalogApiRef);
  const key = [...storeIds].sort().join(',');
  const { value } = useAsync(async () => {
    const refs = new Map<string, string>();
    if (storeIds.length === 0) return refs;
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'Resource',
        [`metadata.annotations.${STORE_ID_ANNOTATION}`]: storeIds,
      },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    });
    for (const entity of items) {
      // Look-alikes carrying the annotation are not the store's entity.
      const storeId = getStoreId(entity);
      if (storeId) refs.set(storeId, stringifyEntityRef(entity));
    }
    return refs;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, key]);
  return value ?? new Map();
}
