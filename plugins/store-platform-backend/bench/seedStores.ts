import { Knex } from 'knex';
import { storeNamespace } from '@store-platform/plugin-store-platform-common';

/** How the seeded stores spread over statuses (weights out of 100). */
const STATUS_WEIGHTS: Array<[string, number]> = [
  ['ready', 70],
  ['failed', 10],
  ['provisioning', 8],
  ['pending', 7],
  ['deleting', 5],
];

export const OWNER_COUNT = 100;

export function ownerRef(n: number): string {
  return `group:default/team-${String(n).padStart(3, '0')}`;
}

export function storeIdAt(i: number): string {
  return `bench-store-${String(i).padStart(5, '0')}`;
}

function statusAt(i: number): string {
  let slot = (i * 37) % 100; // spread, deterministic
  for (const [status, weight] of STATUS_WEIGHTS) {
    if (slot < weight) return status;
    slot -= weight;
  }
  return 'ready';
}

/**
 * Writes `count` stores, and one registration event each, straight into the
 * plugin's tables: one store a minute back from a fixed time, owners round
 * robin over OWNER_COUNT teams.
 */
export async function seedStores(knex: Knex, count: number): Promise<void> {
  const start = Date.UTC(2025, 0, 1);
  const stores = Array.from({ length: count }, (_, i) => {
    const id = storeIdAt(i);
    const at = new Date(start + i * 60_000);
    return {
      id,
      title: `Bench store ${i}`,
      engine: i % 10 === 0 ? 'medusa' : 'woocommerce',
      owner: ownerRef(i % OWNER_COUNT),
      size: 'small',
      namespace: storeNamespace(id),
      url: `http://${id}.localhost`,
      status: statusAt(i),
      status_message: null,
      task_id: `task-${i}`,
      created_at: at,
      updated_at: at,
    };
  });
  await knex.batchInsert('stores', stores, 500);
  await knex.batchInsert(
    'store_events',
    stores.map(s => ({
      store_id: s.id,
      from_status: null,
      to_status: 'pending',
      message: 'registered',
      at: s.created_at,
    })),
    500,
  );
}
