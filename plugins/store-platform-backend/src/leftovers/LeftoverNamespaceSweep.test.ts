import Knex from 'knex';
import {
  inMemoryStoreKnex,
  recordingStoreService,
} from '../__testUtils__/inMemoryStores';
import { FakeStoreCluster } from '../__testUtils__/FakeStoreCluster';
import {
  KEEP_ENDED_REGISTRATIONS_MS,
  LeftoverNamespaceSweep,
} from './LeftoverNamespaceSweep';
import { newTestStore } from '../__testUtils__/testStores';

const DAY = 24 * 60 * 60_000;

describe('LeftoverNamespaceSweep', () => {
  let knex: Knex.Knex;
  beforeEach(async () => {
    knex = await inMemoryStoreKnex();
  });
  afterEach(async () => {
    await knex.destroy();
  });

  function setup(start = new Date('2026-12-01T00:00:00Z')) {
    let now = start;
    const { db, service, logger } = recordingStoreService(knex, () => now);
    const cluster = new FakeStoreCluster();
    const sweep = new LeftoverNamespaceSweep({
      db,
      cluster,
      logger,
      now: () => now,
    });
    const register = (id: string) => service.register(newTestStore(id));
    /** Deletes the store's row as a finished deletion does. */
    const forget = async (id: string) => {
      await service.beginDeletion(id, 'deletion requested');
      await service.completeDeletion(id);
    };
    /** A namespace of the store made by registration `uid`, as the cluster lists it. */
    const namespace = (id: string, uid: string, terminating = false) =>
      cluster.registeredNamespaces.push({
        name: `store-${id}`,
        uid: `ns-${uid}`,
        storeId: id,
        registration: uid,
        terminating,
      });
    const advance = (ms: number) => {
      now = new Date(now.getTime() + ms);
    };
    return {
      db,
      cluster,
      logger,
      sweep,
      register,
      forget,
      namespace,
      advance,
    };
  }

  it('gives every registration its own uid, also the same id registered again', async () => {
    const { register, forget } = setup();
    const first = await register('shop');
    await forget('shop');
    const second = await register('shop');
    expect(first.registrationUid).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.registrationUid).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.registrationUid).not.toBe(first.registrationUid);
  });

  it('deletes a namespace made by a registration whose store was deleted, and says so', async () => {
    const { sweep, register, forget, namespace, cluster, logger } = setup();
    const gone = await register('late');
    await forget('late');
    namespace('late', gone.registrationUid!);

    expect(await sweep.sweep()).toEqual(['store-late']);
    expect(cluster.leftoversDeleted).toEqual(['store-late']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `Leftover sweep: namespace store-late was left by registration ${gone.registrationUid} of store id late`,
      ),
      expect.anything(),
    );
  });

  it('deletes an earlier registration’s namespace and notes it in the history of the store now registered', async () => {
    const { sweep, register, forget, namespace, cluster, db } = setup();
    const earlier = await register('shop');
    await forget('shop');
    const current = await register('shop');
    namespace('shop', earlier.registrationUid!);

    await sweep.sweep();
    expect(cluster.leftoversDeleted).toEqual(['store-shop']);
    const history = await db.events('shop');
    expect(history.at(-1)!.message).toMatch(
      `leftover sweep: namespace store-shop was left by registration ${earlier.registrationUid}`,
    );
    expect((await db.get('shop')).registrationUid).toBe(
      current.registrationUid,
    );
  });

  it('leaves alone a live registration’s namespace, an unknown registration’s and one already terminating', async () => {
    const { sweep, register, forget, namespace, cluster } = setup();
    const live = await register('live');
    namespace('live', live.registrationUid!);
    // Another registry sharing the install's label issued this one.
    namespace('elsewhere', '9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d');
    const ending = await register('ending');
    await forget('ending');
    namespace('ending', ending.registrationUid!, true);

    expect(await sweep.sweep()).toEqual([]);
    expect(cluster.leftoversDeleted).toEqual([]);
    expect(cluster.registeredNamespaces).toHaveLength(3);
  });

  it('does not delete a namespace whose store id label is not the ended registration’s', async () => {
    const { sweep, register, forget, namespace, cluster } = setup();
    const gone = await register('one');
    await forget('one');
    namespace('other', gone.registrationUid!);

    expect(await sweep.sweep()).toEqual([]);
    expect(cluster.registeredNamespaces).toHaveLength(1);
  });

  it('asks no cluster anything while no registration has ended lately', async () => {
    const { sweep, register, namespace, cluster } = setup();
    const live = await register('live');
    namespace('live', live.registrationUid!);
    const list = jest.spyOn(cluster, 'listRegisteredNamespaces');
    expect(await sweep.sweep()).toEqual([]);
    expect(list).not.toHaveBeenCalled();
  });

  it('forgets ended registrations after a week', async () => {
    const { sweep, register, forget, namespace, advance, db } = setup();
    const old = await register('old');
    await forget('old');
    advance(KEEP_ENDED_REGISTRATIONS_MS + DAY);
    await sweep.sweep();
    expect(await db.endedRegistrations.listSince(new Date(0))).toEqual([]);
    namespace('old', old.registrationUid!);
    expect(await sweep.sweep()).toEqual([]);
  });
});
