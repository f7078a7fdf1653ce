import { Store } from '@store-platform/plugin-store-platform-common';
import { StoreRegistry } from './ports';
import { checkRegistrationCurrent, whyNotCurrent } from './registrationFence';

const started: Store = {
  id: 'summer-sale',
  title: 'Summer sale',
  engine: 'woocommerce',
  owner: 'group:default/shop-team',
  size: 'small',
  namespace: 'store-summer-sale',
  url: 'http://summer-sale.localhost',
  registrationUid: '0b6f3c1e-8d8a-4d3e-9a53-3f1c3c5d2a11',
  status: 'provisioning',
  operation: {
    kind: 'provision',
    taskId: 'task-1',
    startedAt: '2026-12-01T00:00:00.000Z',
    heartbeatAt: '2026-12-01T00:00:00.000Z',
  },
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

describe('whyNotCurrent', () => {
  it('lets the task go on while the store is the same registration under its lease', () => {
    expect(whyNotCurrent(started, { ...started }, 'task-1')).toBeUndefined();
  });

  it('stops when the store is gone', () => {
    expect(whyNotCurrent(started, undefined, 'task-1')).toBe('was deleted');
  });

  it('stops when the id was registered again, naming both registrations', () => {
    const again = {
      ...started,
      registrationUid: '5e0f6a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    };
    expect(whyNotCurrent(started, again, 'task-1')).toBe(
      'was deleted and registered again (registration 5e0f6a4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b, not 0b6f3c1e-8d8a-4d3e-9a53-3f1c3c5d2a11)',
    );
  });

  it('stops when the store is being deleted', () => {
    const { operation, ...released } = started;
    expect(
      whyNotCurrent(started, { ...released, status: 'deleting' }, 'task-1'),
    ).toBe('is being deleted');
  });

  it('stops when another task holds the operation, or none does', () => {
    const other = {
      ...started,
      operation: { ...started.operation!, taskId: 'task-2' },
    };
    expect(whyNotCurrent(started, other, 'task-1')).toBe(
      'is no longer provisioned by this task (provision runs for task task-2)',
    );
    const { operation, ...released } = started;
    expect(whyNotCurrent(started, released, 'task-1')).toBe(
      'is no longer provisioned by this task (no operation runs on it)',
    );
  });

  it('checks no uid for a store registered before uids existed', () => {
    const { registrationUid, ...old } = started;
    expect(whyNotCurrent(old, { ...old }, 'task-1')).toBeUndefined();
  });
});

describe('checkRegistrationCurrent', () => {
  const registryAnswering = (...answers: Array<Store | undefined | Error>) => {
    const get = jest.fn(async () => {
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next;
    });
    return { registry: { get } as unknown as StoreRegistry, get };
  };
  const check = (registry: StoreRegistry) =>
    checkRegistrationCurrent({
      registry,
      store: started,
      taskId: 'task-1',
      before: 'step database',
      retryDelayMs: 1,
    });

  it('asks again when the backend does not answer, and goes on once it does', async () => {
    const { registry, get } = registryAnswering(
      new Error('connect ECONNREFUSED'),
      { ...started },
    );
    await expect(check(registry)).resolves.toBeUndefined();
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('fails the step, saying so, when the backend never answers', async () => {
    const down = new Error('connect ECONNREFUSED');
    const { registry, get } = registryAnswering(down, down, down);
    await expect(check(registry)).rejects.toThrow(
      'could not check that store "summer-sale" is still registered before step database: connect ECONNREFUSED',
    );
    expect(get).toHaveBeenCalledTimes(3);
  });

  it('stops at once, as a conflict, when the store is gone', async () => {
    const { registry } = registryAnswering(undefined);
    await expect(check(registry)).rejects.toMatchObject({
      name: 'ConflictError',
      message:
        'store "summer-sale" was deleted; provisioning stopped before step database, so nothing more of it is created',
    });
  });
});
