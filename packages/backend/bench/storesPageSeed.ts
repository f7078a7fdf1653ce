// The plugin's own seed, as its benchmarks use it; benchmarks are not published.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { seededPostgresDatabase } from '@store-platform/plugin-store-platform-backend/bench/seededPostgresDatabase';

/** The guest signs in as a member of this group: its stores are the guest's "mine". */
export const GUEST_GROUP = 'group:default/store-owners';

type SeedAdjust = NonNullable<
  Parameters<typeof seededPostgresDatabase>[0]['adjust']
>;

/**
 * Fits seeded stores to a backend with no cluster behind it, serving the
 * stores page: nothing may be mid-deletion (no cluster would finish it), and
 * a hundred stores belong to the guest's group, so that "Mine" has something
 * to show.
 */
export const fitSeedToStoresPage: SeedAdjust = async knex => {
  await knex('stores')
    .where({ status: 'deleting' })
    .update({ status: 'suspended' });
  await knex('stores')
    .where({ owner: 'group:default/team-000' })
    .update({ owner: GUEST_GROUP });
};
