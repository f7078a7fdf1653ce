import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** `group:shop` -> `group:default/shop`, so ownership compares like the catalog's. */
export function normaliseOwner(owner: string): string {
  return stringifyEntityRef(
    parseEntityRef(owner, { defaultNamespace: 'default' }),
  );
}
