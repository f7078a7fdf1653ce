import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isStoreEntity } from '../entity';

/**
 * The store card on the overview of store entities only. The filter is a
 * function, so it is the very predicate the legacy `EntitySwitch` uses; an
 * app can still replace it with its own `filter` in the extension's config.
 */
export const entityStoreCard = EntityCardBlueprint.make({
  name: 'store',
  params: {
    filter: isStoreEntity,
    loader: () =>
      import('../components/EntityStoreCard').then(m => <m.EntityStoreCard />),
  },
});
