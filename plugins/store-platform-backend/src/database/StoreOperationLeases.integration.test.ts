import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { migrateStoreDatabase } from './migrate';
import { StoreDatabase } from './StoreDatabase';
import { newTestStore } from '../__testUtils__/testStores';

// Both engines, always (PostgreSQL from scripts/lib/postgres.sh), as the registry's own suite.
const ENGINES: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];
const databases = TestDatabases.create({ ids: ENGINES, disableDocker: true });

describe.each(ENGINES)('operation leases on %s', engine => {
  let db: StoreDatabase;
  let clock: Date;
  const tick = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };

  beforeAll(async () => {
    const knex = await databases.init(engine);
    await migrateStoreDatabase(knex);
    clock = new Date('2026-12-01T10:00:00.000Z');
    db = new StoreDatabase(knex, () => clock);
  }, 60_000);

  async function readyStore(id: string) {
    await db.register(newTestStore(id));
    await db.transition(id, 'provisioning');
    return (await db.transition(id, 'ready', { message: 'ready' })).store;
  }

  it('runs one operation at a time and records its outcome, changes and task in the history', async () => {
    await readyStore('lease-one');
    const begun = await db.leases.begin('lease-one', 'resize', 'task-a');
    expect(begun.operation).toEqual({
      kind: 'resize',
      taskId: 'task-a',
      startedAt: '2026-12-01T10:00:00.000Z',
      heartbeatAt: '2026-12-01T10:00:00.000Z',
    });
    // The same task may take it again (a resumed task); another may not.
    await expect(
      db.leases.begin('lease-one', 'resize', 'task-a'),
    ).resolves.toMatchObject({ operation: { taskId: 'task-a' } });
    await expect(
      db.leases.begin('lease-one', 'suspend', 'task-b'),
    ).rejects.toThrow(
      'store "lease-one" is busy: resize (task task-a) is still running',
    );

    tick(30_000);
    await db.leases.heartbeat('lease-one', 'task-a');
    expect((await db.get('lease-one')).operation?.heartbeatAt).toBe(
      '2026-12-01T10:00:30.000Z',
    );
    await expect(db.leases.heartbeat('lease-one', 'task-b')).rejects.toThrow(
      'is running resize for task task-a, not for task task-b',
    );

    tick(1_000);
    const done = await db.leases.finish('lease-one', {
      taskId: 'task-a',
      outcome: 'succeeded',
      message: 'resized to medium',
      changes: {
        size: 'medium',
        images: { wordpress: 'wordpress:6.6' },
      },
    });
    expect(done).toMatchObject({
      status: 'ready',
      size: 'medium',
      statusMessage: 'resized to medium',
      images: { wordpress: 'wordpress:6.6' },
      lastOperation: {
        kind: 'resize',
        taskId: 'task-a',
        outcome: 'succeeded',
        message: 'resized to medium',
        startedAt: '2026-12-01T10:00:00.000Z',
        finishedAt: '2026-12-01T10:00:31.000Z',
      },
    });
    expect(done.operation).toBeUndefined();
    const history = await db.events('lease-one');
    expect(history.slice(-2)).toEqual([
      expect.objectContaining({
        from: 'ready',
        to: 'ready',
        operation: 'resize',
        taskId: 'task-a',
        message: 'resize started',
      }),
      expect.objectContaining({
        from: 'ready',
        to: 'ready',
        operation: 'resize',
        taskId: 'task-a',
        message: 'resized to medium',
      }),
    ]);
    // Finished: the lease is free and a second finish is refused.
    await expect(
      db.leases.finish('lease-one', { taskId: 'task-a', outcome: 'failed' }),
    ).rejects.toThrow('has no operation running for task task-a');
  });

  it('refuses an operation in a status it does not start from, naming the allowed ones, and changes nothing', async () => {
    await readyStore('lease-two');
    const before = await db.get('lease-two');
    await expect(
      db.leases.begin('lease-two', 'resume', 'task-c'),
    ).rejects.toThrow(
      new ConflictError(
        'store "lease-two" is ready; resume is allowed only when a store is suspended',
      ),
    );
    expect(await db.get('lease-two')).toEqual(before);
  });

  it('moves the status through the state machine only', async () => {
    await readyStore('lease-three');
    await db.leases.begin('lease-three', 'suspend', 'task-d');
    await expect(
      db.leases.finish('lease-three', {
        taskId: 'task-d',
        outcome: 'succeeded',
        status: 'provisioning',
      }),
    ).rejects.toThrow('a store cannot go from ready to provisioning');
    const suspended = await db.leases.finish('lease-three', {
      taskId: 'task-d',
      outcome: 'succeeded',
      status: 'suspended',
      message: 'suspended',
    });
    expect(suspended.status).toBe('suspended');
    await db.leases.begin('lease-three', 'resume', 'task-e');
    expect(
      (
        await db.leases.finish('lease-three', {
          taskId: 'task-e',
          outcome: 'succeeded',
          status: 'ready',
        })
      ).status,
    ).toBe('ready');
  });

  it('ends an operation when the store is deleted, and finds abandoned ones by their heartbeat', async () => {
    await readyStore('lease-four');
    await db.leases.begin('lease-four', 'backup', 'task-f');
    await db.transition('lease-four', 'deleting', { message: 'bye' });
    await expect(db.leases.heartbeat('lease-four', 'task-f')).rejects.toThrow(
      'has no operation running for task task-f',
    );

    await readyStore('lease-five');
    await db.leases.begin('lease-five', 'backup', 'task-g');
    const cutoff = new Date(clock.getTime() + 1);
    tick(60_000);
    expect((await db.leases.listAbandoned(cutoff)).map(s => s.id)).toContain(
      'lease-five',
    );
    await db.leases.heartbeat('lease-five', 'task-g');
    expect(
      (await db.leases.listAbandoned(cutoff)).map(s => s.id),
    ).not.toContain('lease-five');
  });
});
