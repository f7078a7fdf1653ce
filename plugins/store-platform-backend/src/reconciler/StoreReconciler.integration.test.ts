import {
  createStoreCluster,
  provisioningConfigWith,
} from '@store-platform/plugin-store-platform-node';
import Knex from 'knex';
import {
  inMemoryStoreKnex,
  recordingStoreService,
} from '../__testUtils__/inMemoryStores';
import {
  StoreNamespaces,
  testKubeConfig,
  uniqueStoreId,
} from '../__testUtils__/testCluster';
import { StoreDatabase } from '../database/StoreDatabase';
import { StoreService } from '../service/StoreService';
import { StoreReconciler } from './StoreReconciler';
import { newTestStore } from '../__testUtils__/testStores';

// The reconciler with the node library's real StoreCluster against the local
// control plane (scripts/test-cluster); the registry is in-memory SQLite.
const kubeConfig = testKubeConfig();
const MINUTE = 60_000;
const DELETE_TIMEOUT_MS = 90_000;

jest.setTimeout(2 * DELETE_TIMEOUT_MS);

describe('StoreReconciler against the local control plane', () => {
  const cluster = createStoreCluster(
    kubeConfig,
    provisioningConfigWith({ timeouts: { deleteMs: DELETE_TIMEOUT_MS } }),
  );
  const namespaces = new StoreNamespaces(kubeConfig);
  let knex: Knex.Knex;
  let db: StoreDatabase;
  let service: StoreService;
  let reconciler: StoreReconciler;
  let now: Date;

  beforeEach(async () => {
    knex = await inMemoryStoreKnex();
    now = new Date();
    const wired = recordingStoreService(knex, () => now);
    db = wired.db;
    service = wired.service;
    const logger = wired.logger;
    reconciler = new StoreReconciler({
      service,
      cluster,
      logger,
      stuckAfterMs: 30 * MINUTE,
      now: () => now,
    });
  });

  afterEach(async () => {
    await namespaces.cleanUp();
    await knex.destroy();
  });

  const register = (id: string) => service.register(newTestStore(id));
  const registerReady = async (id: string) => {
    await register(id);
    await service.transition(id, 'provisioning');
    await service.transition(id, 'ready');
  };

  it('reports a ready store whose namespace is missing as drift, and leaves it ready', async () => {
    const id = uniqueStoreId('drift');
    await registerReady(id);

    const report = await reconciler.reconcile();

    expect(report.drifted).toEqual([id]);
    const store = await db.get(id);
    expect(store.status).toBe('ready');
    expect(store.statusMessage).toBe(
      `drift: namespace store-${id} is absent; the storefront Deployment is absent`,
    );
  });

  it('reports a missing storefront Deployment, and clears the report once it is back', async () => {
    const id = uniqueStoreId('front');
    await registerReady(id);
    await namespaces.createNamespace(id);
    await namespaces.createStorefront(id);

    expect((await reconciler.reconcile()).drifted).toEqual([]);
    expect((await db.get(id)).statusMessage).toBeUndefined();

    await namespaces.deleteStorefront(id);
    expect((await reconciler.reconcile()).drifted).toEqual([id]);
    expect((await db.get(id)).statusMessage).toBe(
      'drift: the storefront Deployment is absent',
    );

    await namespaces.createStorefront(id);
    await reconciler.reconcile();
    expect((await db.get(id)).statusMessage).toBeUndefined();
  });

  it("does not count another install's namespace of the same store id", async () => {
    const id = uniqueStoreId('other');
    await registerReady(id);
    await namespaces.createNamespace(id, 'other-release.other-namespace');
    await namespaces.createStorefront(id);

    await reconciler.reconcile();
    expect((await db.get(id)).statusMessage).toBe(
      `drift: namespace store-${id} belongs to another install; the storefront Deployment is absent`,
    );
  });

  it('fails a store stuck in provisioning as interrupted, and leaves a fresh one alone', async () => {
    const stale = uniqueStoreId('stale');
    const fresh = uniqueStoreId('fresh');
    await register(stale);
    await service.transition(stale, 'provisioning');
    now = new Date(now.getTime() + 31 * MINUTE);
    await register(fresh);
    await service.transition(fresh, 'provisioning');

    const report = await reconciler.reconcile();

    expect(report.interrupted).toEqual([stale]);
    const failed = await db.get(stale);
    expect(failed.status).toBe('failed');
    expect(failed.statusMessage).toMatch(
      /^interrupted: no sign of its task for 30 minutes while provisioning/,
    );
    expect((await db.events(stale)).map(e => e.to)).toEqual([
      'pending',
      'provisioning',
      'failed',
    ]);
    expect((await db.get(fresh)).status).toBe('provisioning');
  });
});
