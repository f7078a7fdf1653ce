import { CatalogService } from '@backstage/plugin-catalog-node';
import { OwnerDirectory } from '../actions/transferStore';

/** The catalog as the transfer's owner directory: a User or Group entity, read as the caller. */
export function catalogOwners(catalog: CatalogService): OwnerDirectory {
  return {
    async exists(ownerRef, credentials) {
      const entity = await catalog.getEntityByRef(ownerRef, { credentials });
      return entity?.kind === 'User' || entity?.kind === 'Group';
    },
  };
}
