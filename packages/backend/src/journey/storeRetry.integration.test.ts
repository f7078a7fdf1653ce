import { CoreV1Api } from '@kubernetes/client-node';
import { testKubeConfig } from '../__testUtils__/kube';
import { withFailingPods, writes } from '../__testUtils__/faultProxy';
import {
  ProxiedBackend,
  startProxiedBackend,
} from '../__testUtils__/proxiedBackend';
import { runTemplate, waitForEntity } from '../__testUtils__/scaffolder';
import {
  dropNamespace,
  storeApi,
  storeForm,
  unique,
} from '../__testUtils__/storeApi';

jest.setTimeout(600_000);

/**
 * store-retry through the real scaffolder, on the control plane reached
 * through the fault proxy: a store whose bootstrap fails, a retry that fails
 * again while the cause lasts, and a retry that makes it ready once the cause
 * is gone, keeping the Secret made by the first attempt.
 */
describe('the store-retry template', () => {
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  let run: ProxiedBackend;
  let stores: ReturnType<typeof storeApi>;
  const ids: string[] = [];

  beforeAll(async () => {
    run = await startProxiedBackend({
      databaseReadyMs: 20_000,
      storefrontReadyMs: 8_000,
      bootstrapMs: 30_000,
      deleteMs: 45_000,
    });
    await waitForEntity(run.backend.baseUrl, run.token, {
      kind: 'template',
      name: 'store-retry',
    });
    stores = run.stores;
  });

  afterAll(async () => {
    await run?.stop();
    for (const id of ids) await dropNamespace(core, id);
  });

  const runRetry = (values: { name: string }, timeoutMs?: number) =>
    runTemplate(
      run.backend.baseUrl,
      run.token,
      'template:default/store-retry',
      values,
      timeoutMs,
    );

  const secretData = async (id: string) =>
    (
      await core.readNamespacedSecret({
        name: 'mariadb-secret',
        namespace: `store-${id}`,
      })
    ).data;

  it('fails again while the cause lasts, then makes the store ready, keeping its Secret', async () => {
    const id = `retry-${unique()}`;
    ids.push(id);
    run.proxy.setRule(request =>
      writes(request, 'jobs') && request.body?.kind === 'Job'
        ? { rewrite: withFailingPods(request.body) }
        : undefined,
    );
    const tasks = run.tasks;
    const first = await tasks.start(storeForm(id));
    expect(await tasks.settled(first)).toBe('failed');
    expect((await stores.get(id)).json.status).toBe('failed');
    const secretBefore = await secretData(id);
    // What the retry, given only the id, re-creates the bootstrap with.
    const namespace = await core.readNamespace({ name: `store-${id}` });
    expect(
      namespace.metadata?.annotations?.['store-platform.io/admin-email'],
    ).toBe('owner@example.com');
    expect(namespace.metadata?.annotations?.['store-platform.io/owner']).toBe(
      'group:default/store-owners',
    );

    // The cause lasts: the retry fails again, with the reason, and the store stays failed.
    const again = await runRetry({ name: id }, 180_000);
    expect(again.status).toBe('failed');
    expect(again.log.join('\n')).toMatch(/woocommerce-bootstrap/);
    const failedAgain = (await stores.get(id)).json;
    expect(failedAgain).toMatchObject({
      status: 'failed',
      lastOperation: { kind: 'retry', outcome: 'failed', taskId: again.id },
    });
    expect(failedAgain.operation).toBeUndefined();

    // The cause is gone: the retry re-applies and waits, and the store is ready.
    run.proxy.setRule(undefined);
    const retry = await runRetry({ name: id }, 180_000);
    expect(retry.status).toBe('completed');
    expect(retry.log.some(l => /▶ .*: started/.test(l))).toBe(true);
    expect(
      retry.log.some(l =>
        l.includes(`Store ${id} is ready again: http://${id}.localhost`),
      ),
    ).toBe(true);
    const ready = (await stores.get(id)).json;
    expect(ready).toMatchObject({
      status: 'ready',
      taskId: retry.id,
      lastOperation: { kind: 'retry', outcome: 'succeeded', taskId: retry.id },
    });
    expect(ready.images?.wordpress).toBeTruthy();
    expect(await secretData(id)).toEqual(secretBefore);

    // The history tells it, each operation with its task.
    const history = (await stores.events(id)).json.items;
    const retries = history.filter((e: any) => e.operation === 'retry');
    expect(retries.map((e: any) => e.taskId)).toEqual(
      expect.arrayContaining([again.id, retry.id]),
    );
    expect(
      history.map((e: any) => `${e.from ?? '-'}>${e.to}`).slice(-3),
    ).toEqual(['failed>failed', 'failed>provisioning', 'provisioning>ready']);

    // A ready store is not retried: refused naming the allowed status, nothing changes.
    const refused = await runRetry({ name: id });
    expect(refused.status).toBe('failed');
    expect(refused.log.join('\n')).toContain(
      `name: store "${id}" is ready; retry is allowed only when a store is failed`,
    );
    expect((await stores.get(id)).json).toMatchObject({
      status: 'ready',
      taskId: retry.id,
    });
  });

  it('names the field of a bad store id and of an unknown store', async () => {
    // The form's own schema refuses it before any task exists.
    await expect(runRetry({ name: 'No-Such Store' })).rejects.toThrow(
      /task not created: 400.*name/s,
    );
    const missing = await runRetry({ name: 'no-such-store' });
    expect(missing.status).toBe('failed');
    expect(missing.log.join('\n')).toContain(
      'name: there is no store "no-such-store"',
    );
  });
});
