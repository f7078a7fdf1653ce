import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { Browser, Page } from 'playwright-core';
import { aboutCardLinks } from '../__testUtils__/aboutCard';
import {
  launchChromium,
  screenshot,
  seriousViolations,
  signInAsGuest,
} from '../__testUtils__/browser';
import { FaultProxy, writes } from '../__testUtils__/faultProxy';
import { startProxiedBackend } from '../__testUtils__/proxiedBackend';
import { testKubeConfig } from '../__testUtils__/kube';
import { waitForEntity } from '../__testUtils__/scaffolder';
import { RunningBackend, startBackend } from '../__testUtils__/startBackend';
import {
  dropNamespace,
  ownerToken,
  storeApi,
  storeForm,
  taskApi,
  unique,
} from '../__testUtils__/storeApi';
import {
  cardFact,
  openCardOperation,
  openStoreCard,
  pickOwner,
  storeCard,
  submitOperationForm,
} from '../__testUtils__/storeCard';

jest.setTimeout(600_000);

/**
 * Day two in real Chromium, from the store card: each operation by clicking
 * its button on the card, the template's form opening with the store filled
 * in, submitting, following the task log, and the card showing the outcome.
 * Against the real backend (SQLite) serving the production app bundle, on
 * the local control plane, reached through the fault proxy so one step can
 * make provisioning fail for real (the bootstrap Job's pods are labelled so
 * the simulated nodes fail them) and then take the cause away for the retry.
 */
describe('day two of a store, from its card, in a real browser', () => {
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  let proxy: FaultProxy;
  let backend: RunningBackend;
  let browser: Browser;
  let page: Page;
  let stores: ReturnType<typeof storeApi>;
  let tasks: ReturnType<typeof taskApi>;
  const id = `e2e-d2-${unique()}`;
  const cloneId = `${id}-copy`;

  beforeAll(async () => {
    let token: string;
    ({ proxy, backend, token, stores, tasks } = await startProxiedBackend(
      {
        databaseReadyMs: 30_000,
        storefrontReadyMs: 30_000,
        bootstrapMs: 60_000,
        deleteMs: 60_000,
      },
      { serveApp: true },
    ));
    for (const name of [
      'store-retry',
      'store-resize',
      'store-suspend',
      'store-resume',
      'store-backup',
      'store-restore',
      'store-transfer',
    ]) {
      await waitForEntity(backend.baseUrl, token, { kind: 'template', name });
    }

    // The store whose day two this is: provisioned through the real
    // scaffolder with its bootstrap Job failing, so it starts out failed.
    proxy.setRule(request =>
      writes(request, 'jobs') && request.body?.kind === 'Job'
        ? { rewrite: withFailingPods(request.body) }
        : undefined,
    );
    const provisioning = await tasks.start(storeForm(id));
    const outcome = await tasks.settled(provisioning);
    if (outcome !== 'failed') {
      throw new Error(`the provisioning meant to fail ended ${outcome}`);
    }
    proxy.setRule(undefined);
    await waitForEntity(backend.baseUrl, token, { kind: 'resource', name: id });

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInAsGuest(page, backend.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await proxy?.close();
    await dropNamespace(core, id);
    await dropNamespace(core, cloneId);
  });

  const card = () => storeCard(page);

  const openCard = (storeId = id) =>
    openStoreCard(page, backend.baseUrl, storeId);

  /**
   * Waits for the task the form started to end, expecting `completed`, and
   * for its page to show the line that says what it did.
   */
  async function taskCompletes(taskId: string, lastLine: RegExp) {
    const status = await tasks.settled(taskId, 240_000);
    if (status !== 'completed') {
      throw new Error(`task ${taskId} ${status}:\n${await tasks.log(taskId)}`);
    }
    await page.getByText(lastLine).first().waitFor({ timeout: 30_000 });
  }

  const fact = (term: string) => cardFact(page, term);

  /** Waits for the card to show `status` (re-reading the page: the card polls only while work is in flight). */
  async function cardShowsStatus(status: string, timeoutMs = 120_000) {
    await card()
      .getByText(status, { exact: true })
      .first()
      .waitFor({ timeout: timeoutMs });
  }

  it('retries a failed store from the card, once the cause is gone', async () => {
    await openCard();
    await cardShowsStatus('Failed');
    expect(await card().getByRole('alert').innerText()).toMatch(
      /bootstrap|job/i,
    );
    await screenshot(page, 'day-two-failed');

    await openCardOperation(page, 'Retry provisioning', 'store-retry', id);
    await taskCompletes(
      await submitOperationForm(page),
      new RegExp(`Store ${id} is ready again`),
    );
    await screenshot(page, 'day-two-retry-task');

    await openCard();
    await cardShowsStatus('Ready');
    expect((await stores.get(id)).json.status).toBe('ready');
    await screenshot(page, 'day-two-retried');
    expect(await seriousViolations(page, 'article')).toEqual([]);
  });

  it('shows an About card whose links all lead somewhere (View Source absent or working)', async () => {
    await openCard();
    const links = await aboutCardLinks(page, backend.baseUrl);
    await screenshot(page, 'day-two-about-card');
    // The owner's page at least: a check that found no link would prove nothing.
    expect(links.map(l => new URL(l.href).pathname)).toContain(
      '/catalog/default/group/store-owners',
    );
    expect(links.filter(l => l.problem)).toEqual([]);
  });

  it('resizes it from the card', async () => {
    await openCard();
    await openCardOperation(page, 'Resize', 'store-resize', id);
    await page.getByLabel('New size').click();
    await page.getByRole('option', { name: 'Medium' }).click();
    await taskCompletes(
      await submitOperationForm(page),
      /resized from small to medium/,
    );
    await screenshot(page, 'day-two-resize-task');

    await openCard();
    await cardShowsStatus('Ready');
    expect(await fact('Size').innerText()).toBe('Medium');
    expect(await card().getByTestId('last-operation').innerText()).toMatch(
      /Last operation: Resize succeeded/,
    );
  });

  it('suspends it and resumes it from the card', async () => {
    await openCard();
    await openCardOperation(page, 'Suspend', 'store-suspend', id);
    await taskCompletes(await submitOperationForm(page), /suspended: /);

    await openCard();
    await cardShowsStatus('Suspended');
    await screenshot(page, 'day-two-suspended');
    expect(await seriousViolations(page, 'article')).toEqual([]);

    // Resume is the way out of suspended: the card's own button.
    await openCardOperation(page, 'Resume', 'store-resume', id);
    await taskCompletes(await submitOperationForm(page), /resumed: /);
    await openCard();
    await cardShowsStatus('Ready');
    expect((await stores.get(id)).json.status).toBe('ready');
  });

  let backupId: string;

  it('backs it up from the card, and lists the backup there', async () => {
    await openCard();
    await openCardOperation(page, 'Back up', 'store-backup', id);
    const taskId = await submitOperationForm(page);
    await taskCompletes(taskId, /backed up as /);
    backupId = /backed up as ([a-z0-9-]+)/.exec(await tasks.log(taskId))![1];

    await openCard();
    await fact('Backups').getByText(backupId).waitFor();
    expect(await fact('Backups').innerText()).toContain('succeeded');
    await screenshot(page, 'day-two-backed-up');
  });

  it('clones it from the backup, from the card, into a new store', async () => {
    await openCard();
    const formData = await openCardOperation(
      page,
      'Restore or clone',
      'store-restore',
      id,
    );
    // The card filled in the newest good backup too.
    expect(formData).toEqual({ name: id, backup: backupId });
    expect(
      await page.getByRole('textbox', { name: 'Backup id' }).inputValue(),
    ).toBe(backupId);
    await page.getByRole('button', { name: 'Next' }).click();
    await page
      .getByRole('textbox', { name: 'New store id (clone)' })
      .fill(cloneId);
    const taskId = await submitOperationForm(page);
    const status = await tasks.settled(taskId, 300_000);
    if (status !== 'completed') {
      throw new Error(`clone task ${status}:\n${await tasks.log(taskId)}`);
    }
    await screenshot(page, 'day-two-clone-task');

    await openCard(cloneId);
    await cardShowsStatus('Ready');
    expect(await fact('Namespace').innerText()).toBe(`store-${cloneId}`);
    await screenshot(page, 'day-two-clone');
    // The source is untouched.
    expect((await stores.get(id)).json.status).toBe('ready');
  });

  it('has no serious accessibility violation in the Operations menu or the delete dialog', async () => {
    await openCard();
    await card().getByRole('button', { name: 'Operations' }).click();
    await page.getByRole('menu').waitFor();
    expect(await seriousViolations(page, '[role="menu"]')).toEqual([]);
    await page.keyboard.press('Escape');

    await card().getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('checkbox', { name: 'Back up first' }).check();
    await screenshot(page, 'day-two-delete-dialog');
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('hands it over to another team from the card', async () => {
    await openCard();
    await openCardOperation(page, 'Hand over', 'store-transfer', id);
    await pickOwner(page, 'New owner', 'platform-admins');
    await taskCompletes(
      await submitOperationForm(page),
      /handed over from group:default\/store-owners to group:default\/platform-admins/,
    );

    await openCard();
    await fact('Owner').getByText('platform-admins').waitFor();
    expect((await stores.get(id)).json.owner).toBe(
      'group:default/platform-admins',
    );
    // The guest is not in platform-admins: the card offers them nothing any more.
    await card().getByText('Ready', { exact: true }).waitFor();
    expect(
      await card().getByRole('button', { name: 'Operations' }).count(),
    ).toBe(0);
    expect(await card().getByRole('button', { name: 'Delete' }).count()).toBe(
      0,
    );
    await screenshot(page, 'day-two-handed-over');
    expect(await seriousViolations(page, 'article')).toEqual([]);
  });

  it('deletes the clone from its card after backing it up first', async () => {
    await openCard(cloneId);
    await card().getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: 'Back up first' }).check();
    await dialog.getByRole('button', { name: 'Back up, then delete' }).click();
    // The backup's own task, linked from the dialog while it runs.
    const taskLink = dialog.getByRole('link', { name: "backup's task log" });
    await taskLink.waitFor({ timeout: 30_000 });
    const backupTask = (await taskLink.getAttribute('href'))!.split('/').pop()!;
    await page
      .getByText('This store no longer exists')
      .or(card().getByText('Deleting', { exact: true }))
      .first()
      .waitFor({ timeout: 180_000 });
    await screenshot(page, 'day-two-clone-deleting');
    // Deletion began only once the backup had completed (its task says so).
    expect(await tasks.status(backupTask)).toBe('completed');
    expect(await tasks.log(backupTask)).toMatch(/backed up as /);
    await stores.waitFor(cloneId, status => status === 'gone', 180_000);
  });
});

/**
 * The upgrade hint and the upgrade itself: a store provisioned under one
 * WordPress image, then the backend restarted (same database) with a newer
 * one configured, as a platform team rolls out a new image.
 */
describe('an upgrade offered on the card once a newer image is configured', () => {
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  const OLD_IMAGE = 'store-platform-wordpress-woocommerce:e2e-old';
  const NEW_IMAGE = 'store-platform-wordpress-woocommerce:e2e-new';
  const id = `e2e-up-${unique()}`;
  const dbDir = mkdtempSync(join(tmpdir(), 'store-platform-e2e-db-'));
  let backend: RunningBackend | undefined;
  let browser: Browser;

  const startWith = (wordpressImage: string) =>
    startBackend({
      serveApp: true,
      noWatch: true,
      // Files, not memory: the stores and tasks outlive the restart.
      database: `{ client: better-sqlite3, connection: { directory: '${dbDir}' } }`,
      extraConfig: `storePlatform: { provisioning: { images: { wordpress: '${wordpressImage}' } } }`,
    });

  beforeAll(async () => {
    backend = await startWith(OLD_IMAGE);
    const token = await ownerToken(backend.baseUrl);
    const tasks = taskApi(backend.baseUrl, token);
    const outcome = await tasks.settled(await tasks.start(storeForm(id)));
    if (outcome !== 'completed') {
      throw new Error(`provisioning ${id} ended ${outcome}`);
    }
    await backend.stop();
    backend = await startWith(NEW_IMAGE);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await dropNamespace(core, id);
    rmSync(dbDir, { recursive: true, force: true });
  });

  it('shows Upgrade available, upgrades from the card, and then shows the new image', async () => {
    const { baseUrl } = backend!;
    const token = await ownerToken(baseUrl);
    const tasks = taskApi(baseUrl, token);
    await waitForEntity(baseUrl, token, {
      kind: 'template',
      name: 'store-upgrade',
    });
    const page = await browser.newPage({
      viewport: { width: 1280, height: 1000 },
    });
    await signInAsGuest(page, baseUrl);

    await openStoreCard(page, baseUrl, id);
    const images = cardFact(page, 'Images');
    await images.getByText('Upgrade available').waitFor();
    expect(await images.innerText()).toContain(OLD_IMAGE);
    await screenshot(page, 'day-two-upgrade-available');
    expect(await seriousViolations(page, 'article')).toEqual([]);

    // A pending upgrade is the operation the card puts first.
    await openCardOperation(page, 'Upgrade', 'store-upgrade', id);
    const taskId = await submitOperationForm(page);
    const status = await tasks.settled(taskId, 300_000);
    if (status !== 'completed') {
      throw new Error(`upgrade task ${status}:\n${await tasks.log(taskId)}`);
    }
    await page
      .getByText(/upgraded to wordpress /)
      .first()
      .waitFor();

    await openStoreCard(page, baseUrl, id);
    await images.getByText(NEW_IMAGE).waitFor();
    expect(await images.getByText('Upgrade available').count()).toBe(0);
    // The upgrade took a backup first; the card lists it once its backups
    // load (they are read separately, so the fact shows "…" until then).
    const backups = cardFact(page, 'Backups');
    await backups.getByText(id).first().waitFor();
    expect(await backups.innerText()).toContain(id);
    await screenshot(page, 'day-two-upgraded');
  });
});

/** The Job with its pods labelled so the simulated nodes fail them (scripts/test-cluster.d/stages.yaml.tmpl). */
function withFailingPods(job: any) {
  const copy = structuredClone(job);
  copy.spec.template.metadata ??= {};
  copy.spec.template.metadata.labels = {
    ...copy.spec.template.metadata.labels,
    'store-platform.io/simulate': 'fail',
  };
  return copy;
}
