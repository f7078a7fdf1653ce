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
import { DEFAULT_DELETION_TIMINGS } from './deletionConfig';
import { DeletionWorker } from './DeletionWorker';
import { newTestStore } from '../__testUtils__/testStores';

// The deletion worker with the node library's real StoreCluster against the
// local control plane (scripts/test-cluster); the registry is in-memory SQLite.
const kubeConfig = testKubeConfig();
const DELETE_TIMEOUT_MS = 90_000;

jest.setTimeout(2 * DELETE_TIMEOUT_MS);

describe('DeletionWorker against the local control plane', () => {
  const cluster = createStoreCluster(
    kubeConfig,
    provisioningConfigWith({ timeouts: { deleteMs: DELETE_TIMEOUT_MS } }),
  );
  const namespaces = new StoreNamespaces(kubeConfig);
  let knex: Knex.Knex;
  let db: StoreDatabase;
  let service: StoreService;
  let worker: DeletionWorker;

  beforeEach(async () => {
    knex = await inMemoryStoreKnex();
    const wired = recordingStoreService(knex);
    db = wired.db;
    service = wired.service;
    const logger = wired.logger;
    worker = new DeletionWorker({
      service,
      cluster,
      logger,
      replica: 'replica-test',
      timeoutMs: DELETE_TIMEOUT_MS,
      timings: DEFAULT_DELETION_TIMINGS,
    });
  });

  afterEach(async () => {
    await worker.stop();
    await namespaces.cleanUp();
    await knex.destroy();
  });

  const registerReady = async (id: string) => {
    await service.register(newTestStore(id));
    await service.transition(id, 'provisioning');
    await service.transition(id, 'ready');
  };

  it('completes the deletion of a deleting store whose namespace is gone', async () => {
    const id = uniqueStoreId('gone');
    await registerReady(id);
    // As after a restart between the row and the claim: deleting, unclaimed.
    await service.beginDeletion(id, 'deletion requested by test');
    expect(await namespaces.exists(id)).toBe(false);

    expect(await worker.sweep()).toEqual([id]);
    await worker.drain();

    expect(await db.find(id)).toBeUndefined();
    expect(await knex('store_events').where({ store_id: id })).toEqual([]);
  });

  it('resumes the deletion of a deleting store whose namespace is still there, until it is gone', async () => {
    const id = uniqueStoreId('resume');
    await registerReady(id);
    await namespaces.createNamespace(id);
    await namespaces.createStorefront(id);
    await service.beginDeletion(id, 'deletion requested by test');

    expect(await worker.sweep()).toEqual([id]);
    await worker.drain();

    expect(await namespaces.exists(id)).toBe(false);
    expect(await db.find(id)).toBeUndefined();
  });

  it("neither counts nor deletes another install's namespace of the same store id", async () => {
    const id = uniqueStoreId('other');
    await registerReady(id);
    await namespaces.createNamespace(id, 'other-release.other-namespace');
    await namespaces.createStorefront(id);

    await service.beginDeletion(id, 'deletion requested by test');
    expect(await worker.sweep()).toEqual([id]);
    await worker.drain();
    expect(await db.find(id)).toBeUndefined();
    expect(await namespaces.phase(id)).toBe('Active');
  });
});
