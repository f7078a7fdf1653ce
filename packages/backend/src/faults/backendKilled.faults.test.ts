import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { testKubeConfig } from '../__testUtils__/kube';
import {
  dropNamespace,
  ownerToken,
  storeApi,
  storeForm,
  taskApi,
  unique,
} from '../__testUtils__/storeApi';
import { RunningBackend, startBackend } from '../__testUtils__/startBackend';

jest.setTimeout(900_000);

/**
 * The backend process SIGKILLed (its whole process group) while a store is
 * provisioning, then started again on the same SQLite file. Whatever takes
 * over, the scaffolder's task recovery or the store-platform reconciler,
 * the store must end in a true state: ready, or failed as interrupted.
 */
describe('the backend killed in the middle of provisioning', () => {
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  const ids: string[] = [];
  const dirs: string[] = [];
  let running: RunningBackend | undefined;

  afterAll(async () => {
    await running?.stop();
    for (const id of ids) await dropNamespace(core, id);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function databaseDir() {
    const dir = mkdtempSync(join(tmpdir(), 'store-platform-killed-'));
    dirs.push(dir);
    return `{ client: better-sqlite3, connection: { directory: ${dir} } }`;
  }

  async function killMidProvisioning(database: string, extraConfig: string) {
    const first = await startBackend({ database, extraConfig, noWatch: true });
    running = first;
    const token = await ownerToken(first.baseUrl);
    const id = `killed-${unique()}`;
    ids.push(id);
    const taskId = await taskApi(first.baseUrl, token).start(storeForm(id));
    await storeApi(first.baseUrl, token).waitFor(
      id,
      s => s === 'provisioning',
      60_000,
    );
    await first.kill();
    running = await startBackend({ database, extraConfig, noWatch: true });
    const second = running;
    const secondToken = await ownerToken(second.baseUrl);
    return {
      id,
      taskId,
      stores: storeApi(second.baseUrl, secondToken),
      tasks: taskApi(second.baseUrl, secondToken),
    };
  }

  it('is marked failed (interrupted) by the reconciler when no one resumes the task', async () => {
    const { id, stores, tasks, taskId } = await killMidProvisioning(
      databaseDir(),
      `
storePlatform:
  reconciler:
    stuckAfterMinutes: 0.25
    intervalSeconds: 5
`,
    );
    const store = await stores.waitFor(id, s => s !== 'provisioning', 120_000);
    expect(store.status).toBe('failed');
    expect(store.statusMessage).toMatch(/interrupted|no progress|stuck|stale/i);
    // The task is not left running either.
    expect(await tasks.status(taskId)).not.toBe('completed');
    expect((await stores.remove(id)).status).toBe(202);
    await stores.waitFor(id, s => s === 'gone', 120_000);
  });

  it('reaches ready when the scaffolder recovers the task from its checkpoints', async () => {
    const { id, stores, tasks, taskId } = await killMidProvisioning(
      databaseDir(),
      `
scaffolder:
  taskRecovery:
    enabled: true
    staleTimeout: { seconds: 5 }
storePlatform:
  reconciler:
    stuckAfterMinutes: 5
    intervalSeconds: 5
`,
    );
    const settled = await tasks.settled(taskId, 300_000);
    const store = await stores.waitFor(
      id,
      s => s === 'ready' || s === 'failed',
      120_000,
    );
    expect({ settled, status: store.status }).toEqual({
      settled: 'completed',
      status: 'ready',
    });
    expect((await stores.remove(id)).status).toBe(202);
    await stores.waitFor(id, s => s === 'gone', 120_000);
  });
});
