import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonValue } from '@backstage/types';
import { catalogWaiter } from '../adapters/catalogWaiter';
import {
  FakeCatalog,
  FakeProvisioner,
  FakeRegistry,
} from '../__testUtils__/fakes';
import { actionContext } from '../__testUtils__/context';
import { StoreCatalog } from '../ports';
import { createProvisionStoreAction } from './provisionStore';

const input = {
  name: 'summer-sale',
  adminEmail: 'owner@example.com',
};

/** The real waiter over a catalog that never gets the store's entity. */
const catalogWithoutTheEntity = () =>
  catalogWaiter({
    catalog: catalogServiceMock({ entities: [] }),
    auth: mockServices.auth(),
    timeoutMs: 50,
  });

async function setup(
  engine = 'woocommerce',
  catalog: StoreCatalog = new FakeCatalog(),
) {
  const registry = new FakeRegistry();
  await registry.register({
    id: 'summer-sale',
    engine: engine as any,
    owner: 'group:default/shop-team',
    taskId: 'task-1',
  });
  const provisioner = new FakeProvisioner();
  const action = createProvisionStoreAction({
    registry,
    provisioner,
    catalog,
  });
  return { registry, provisioner, action };
}

function logLines(ctx: ReturnType<typeof actionContext>): string[] {
  const logger = ctx.logger as any;
  return [...logger.info.mock.calls, ...logger.error.mock.calls].map(c =>
    String(c[0]),
  );
}

describe('store:provision', () => {
  it('walks pending -> provisioning -> ready and tells the story in the task log', async () => {
    const { registry, action } = await setup();
    const ctx = actionContext({ input });

    await action.handler(ctx as any);

    expect(registry.transitions.map(t => t.status)).toEqual([
      'provisioning',
      'ready',
    ]);
    const lines = logLines(ctx);
    for (const title of [
      'Namespace and guardrails',
      'Database (MariaDB)',
      'Storefront (WordPress)',
      'Ingress',
      'WooCommerce bootstrap',
      'Catalog entry',
    ]) {
      expect(lines).toContain(`▶ ${title}: started`);
      expect(lines.some(l => l.startsWith(`✔ ${title}: done in `))).toBe(true);
    }
    expect(lines).toContain(
      '  Catalog entry: waiting for resource:default/summer-sale',
    );
    expect(lines[lines.length - 1]).toBe(
      'Store summer-sale is ready: http://summer-sale.localhost',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'url',
      'http://summer-sale.localhost',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/summer-sale',
    );
  });

  it('makes a running store ready with a note when its catalog entity is late, not failed', async () => {
    const { registry, action } = await setup(
      'woocommerce',
      catalogWithoutTheEntity(),
    );
    const ctx = actionContext({ input });

    await action.handler(ctx as any);

    expect(registry.transitions.map(t => t.status)).toEqual([
      'provisioning',
      'ready',
    ]);
    const { statusMessage } = registry.stores.get('summer-sale')!;
    expect(statusMessage).toMatch(
      /^ready at http:\/\/summer-sale\.localhost; note: its catalog entity is late \(resource:default\/summer-sale did not appear in the catalog within 0\.05 s; is the store-platform catalog module installed\?\)/,
    );
    const lines = logLines(ctx);
    expect(lines.some(l => l.startsWith('✔ Catalog entry: done in '))).toBe(
      true,
    );
    expect(
      lines.some(l =>
        l.startsWith('  Catalog entry: its catalog entity is late'),
      ),
    ).toBe(true);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/summer-sale',
    );
  });

  it('makes the store ready, with a note, when the task is cancelled during the catalog wait', async () => {
    const controller = new AbortController();
    const { registry, action } = await setup('woocommerce', {
      async waitForStoreEntity(_storeId, { signal }) {
        controller.abort();
        signal.throwIfAborted();
        return 'unreachable';
      },
    });

    await action.handler(
      actionContext({ input, signal: controller.signal }) as any,
    );

    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'ready',
      statusMessage: expect.stringContaining(
        'note: its catalog entity is late (the wait for resource:default/summer-sale was cancelled)',
      ),
    });
  });

  it('leaves the store failed with the reason when a step fails', async () => {
    const { registry, provisioner, action } = await setup();
    provisioner.failStep = {
      id: 'bootstrap',
      error: new Error(
        'Job woocommerce-bootstrap-summer-sale failed: BackoffLimitExceeded',
      ),
    };

    await expect(
      action.handler(actionContext({ input }) as any),
    ).rejects.toThrow('Job woocommerce-bootstrap-summer-sale failed');
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'failed',
      statusMessage:
        'Job woocommerce-bootstrap-summer-sale failed: BackoffLimitExceeded',
    });
  });

  it('applies nothing more once the store is being deleted mid-way (deletion fences provisioning)', async () => {
    const { registry, provisioner, action } = await setup();
    provisioner.duringStep = async stepId => {
      if (stepId === 'namespace') await registry.delete('summer-sale');
    };

    await expect(
      action.handler(actionContext({ input }) as any),
    ).rejects.toThrow(
      'store "summer-sale" is being deleted; provisioning stopped before step database, so nothing more of it is created',
    );
    expect(provisioner.ran).toEqual(['namespace']);
    expect(provisioner.validated.at(-1)!.registration).toBe(
      registry.stores.get('summer-sale')!.registrationUid,
    );
  });

  it('applies nothing for a new registration of the id made while it worked', async () => {
    const { registry, provisioner, action } = await setup();
    provisioner.duringStep = async stepId => {
      if (stepId !== 'namespace') return;
      registry.stores.delete('summer-sale');
      await registry.register({
        id: 'summer-sale',
        engine: 'woocommerce',
        owner: 'group:default/shop-team',
        taskId: 'task-2',
      });
    };

    await expect(
      action.handler(actionContext({ input }) as any),
    ).rejects.toThrow(
      /store "summer-sale" was deleted and registered again \(registration [0-9a-f-]{36}, not [0-9a-f-]{36}\); provisioning stopped before step database/,
    );
    expect(provisioner.ran).toEqual(['namespace']);
  });

  it('says a timeout is a timeout', async () => {
    const { registry, provisioner, action } = await setup();
    provisioner.failStep = {
      id: 'database',
      error: Object.assign(
        new Error('StatefulSet mariadb not ready after 600 s: 0/1 ready'),
        {
          name: 'WaitTimeoutError',
        },
      ),
    };

    await expect(
      action.handler(actionContext({ input }) as any),
    ).rejects.toThrow(
      'provisioning timed out: StatefulSet mariadb not ready after 600 s',
    );
    expect(registry.stores.get('summer-sale')?.status).toBe('failed');
  });

  it('marks a cancelled task failed, never leaving it provisioning', async () => {
    const { registry, provisioner, action } = await setup();
    const controller = new AbortController();
    provisioner.duringStep = async stepId => {
      if (stepId === 'database') {
        controller.abort();
        throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      }
    };

    await expect(
      action.handler(
        actionContext({ input, signal: controller.signal }) as any,
      ),
    ).rejects.toThrow('provisioning was cancelled before the store was ready');
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'failed',
      statusMessage: 'provisioning was cancelled before the store was ready',
    });
  });

  it('fails fast and says so when no cluster is reachable', async () => {
    const { registry, provisioner, action } = await setup();
    provisioner.unreachable = new Error(
      'no Kubernetes cluster answers at https://127.0.0.1:6443; configure storePlatform.kubernetes',
    );

    await expect(
      action.handler(actionContext({ input }) as any),
    ).rejects.toThrow('configure storePlatform.kubernetes');
    expect(provisioner.ran).toEqual([]);
    expect(registry.stores.get('summer-sale')?.status).toBe('failed');
  });

  it('fails a Medusa store at once with the stub message', async () => {
    const { registry, provisioner, action } = await setup('medusa');

    await expect(
      action.handler(actionContext({ input }) as any),
    ).rejects.toThrow('the medusa engine is not available yet');
    expect(provisioner.ran).toEqual([]);
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'failed',
      statusMessage: 'the medusa engine is not available yet',
    });
  });

  it('refuses a bad admin email naming the field', async () => {
    const { registry, action } = await setup();

    await expect(
      action.handler(
        actionContext({ input: { ...input, adminEmail: 'nope' } }) as any,
      ),
    ).rejects.toThrow('adminEmail: must be an email address');
    expect(registry.stores.get('summer-sale')?.status).toBe('pending');
  });

  it('does not redo finished steps when a recovered task runs again', async () => {
    const { registry, provisioner, action } = await setup();
    const checkpoints = new Map<string, JsonValue | void>();
    provisioner.failStep = { id: 'bootstrap', error: new Error('node lost') };
    await expect(
      action.handler(actionContext({ input, checkpoints }) as any),
    ).rejects.toThrow('node lost');
    expect(provisioner.ran).toEqual([
      'namespace',
      'database',
      'storefront',
      'ingress',
    ]);

    // Retry: the store goes failed -> provisioning, only the bootstrap runs again.
    provisioner.failStep = undefined;
    provisioner.ran.length = 0;
    await action.handler(actionContext({ input, checkpoints }) as any);

    expect(provisioner.ran).toEqual(['bootstrap']);
    expect(registry.transitions.map(t => t.status)).toEqual([
      'provisioning',
      'failed',
      'provisioning',
      'ready',
    ]);
  });

  it('renders the manifests in a dry run and touches nothing', async () => {
    const { registry, provisioner, action } = await setup();
    const ctx = actionContext({ input, isDryRun: true });

    await action.handler(ctx as any);

    expect(provisioner.ran).toEqual([]);
    expect(registry.transitions).toEqual([]);
    const lines = logLines(ctx);
    expect(lines.some(l => l.includes('"kind":"Namespace"'))).toBe(true);
    expect(lines.join('\n')).toContain('<generated>');
  });

  it('takes engine, size and title from the registry, not from the input', async () => {
    const { provisioner, action } = await setup();
    await action.handler(
      actionContext({
        input: { ...input, engine: 'medusa', size: 'large', title: 'Mine' },
      }) as any,
    );
    expect(provisioner.validated.at(-1)).toMatchObject({
      id: 'summer-sale',
      engine: 'woocommerce',
      size: 'small',
      title: 'summer-sale',
    });
  });

  it('does not touch a store another task is provisioning', async () => {
    const { registry, provisioner, action } = await setup();
    await registry.transition('summer-sale', {
      status: 'provisioning',
      taskId: 'task-1',
    });
    await expect(
      action.handler(actionContext({ input, taskId: 'task-2' }) as any),
    ).rejects.toThrow(
      'name: store "summer-sale" is provisioning by another task',
    );
    expect(provisioner.ran).toEqual([]);
    expect(registry.stores.get('summer-sale')?.status).toBe('provisioning');
  });

  it('does not re-provision a ready store for another task', async () => {
    const { registry, provisioner, action } = await setup();
    await action.handler(actionContext({ input }) as any);
    provisioner.ran.length = 0;
    await expect(
      action.handler(actionContext({ input, taskId: 'task-2' }) as any),
    ).rejects.toThrow('name: store "summer-sale" is ready');
    expect(provisioner.ran).toEqual([]);
    expect(registry.stores.get('summer-sale')?.status).toBe('ready');
  });

  it('succeeds without work when the registering task finds its store ready', async () => {
    const { registry, provisioner, action } = await setup();
    await action.handler(actionContext({ input }) as any);
    provisioner.ran.length = 0;
    await action.handler(actionContext({ input }) as any);
    expect(provisioner.ran).toEqual([]);
    expect(registry.transitions.map(t => t.status)).toEqual([
      'provisioning',
      'ready',
    ]);
  });

  it('retries a failed store as the initiator, who must be allowed to change it', async () => {
    const { registry, provisioner, action } = await setup();
    provisioner.failStep = { id: 'bootstrap', error: new Error('boom') };
    await expect(
      action.handler(actionContext({ input }) as any),
    ).rejects.toThrow('boom');
    provisioner.failStep = undefined;

    registry.refusedUsers.add('user:default/bob');
    await expect(
      action.handler(
        actionContext({
          input: { ...input, adminEmail: 'bob@example.com' },
          taskId: 'bobs-task',
          initiator: 'user:default/bob',
        }) as any,
      ),
    ).rejects.toThrow(
      'name: not allowed to provision store "summer-sale": it is owned by group:default/shop-team',
    );
    expect(registry.stores.get('summer-sale')?.status).toBe('failed');

    await action.handler(
      actionContext({
        input,
        taskId: 'owners-retry',
        initiator: 'user:default/alice',
      }) as any,
    );
    expect(registry.stores.get('summer-sale')).toMatchObject({
      status: 'ready',
      taskId: 'owners-retry',
    });
    expect(
      registry.transitions.find(
        t =>
          t.status === 'provisioning' && t.message === 'provisioning retried',
      )?.onBehalfOf,
    ).toBe('user:default/alice');
  });
});
