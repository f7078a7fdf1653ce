import { CoreV1Api } from '@kubernetes/client-node';
import { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  screenshot,
  seriousViolations,
  signInAsGuest,
} from '../__testUtils__/browser';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import {
  guestToken,
  RunningBackend,
  startBackend,
} from '../__testUtils__/startBackend';
import { waitForEntity } from '../__testUtils__/scaffolder';
import {
  fillStoreFormFirstPage,
  PROVISIONING_STEPS_DONE,
  submitStoreForm,
} from '../__testUtils__/storeForm';

jest.setTimeout(300_000);

const unique = () => Math.random().toString(36).slice(2, 7);

/**
 * A user's whole journey in real Chromium, against the real backend (SQLite)
 * serving the production app bundle, provisioning on the local control plane.
 */
describe('a store, from the Create form to deletion, in a real browser', () => {
  let backend: RunningBackend;
  let browser: Browser;
  let page: Page;
  let core: CoreV1Api;

  beforeAll(async () => {
    core = testKubeConfig().makeApiClient(CoreV1Api);
    backend = await startBackend({ serveApp: true });
    await waitForEntity(backend.baseUrl, await guestToken(backend.baseUrl), {
      kind: 'template',
      name: 'store',
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAsGuest(page, backend.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  /** Opens the store template from Create and fills the first page. */
  const fillFirstPage = (id: string, title: string) =>
    fillStoreFormFirstPage(page, backend.baseUrl, {
      id,
      title,
      owner: 'store-owners',
    });
  const submit = (engineLabel?: string) => submitStoreForm(page, engineLabel);

  it('refuses bad store ids in the form, showing the rule', async () => {
    for (const bad of ['My_Shop', 'a'.repeat(41)]) {
      await fillFirstPage(bad, 'Bad Shop');
      await page.getByRole('button', { name: 'Next' }).click();
      // The form stays on its first page and says what is wrong with the field.
      await page
        .getByText(/must match pattern|must NOT have more than 40 characters/)
        .first()
        .waitFor();
      expect(await page.getByLabel('Admin email').count()).toBe(0);
    }
    await screenshot(page, 'form-refuses-bad-id');
  });

  it('refuses, in the form, ids the platform reserves: built in, and its own host asked of the backend', async () => {
    for (const [reserved, reason] of [
      ['dashboard', '"dashboard" is reserved for the platform itself'],
      // The app is served from localhost here: only the backend knows that.
      ['localhost', '"localhost" is reserved: it would shadow a host'],
    ]) {
      await fillFirstPage(reserved, 'Reserved Shop');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText(reason).first().waitFor();
      expect(await page.getByLabel('Admin email').count()).toBe(0);
    }
    await screenshot(page, 'form-refuses-reserved-id');
  });

  it('provisions a WooCommerce store, shows every step, then the Ready card; delete removes it', async () => {
    const id = `e2e-${unique()}`;
    await fillFirstPage(id, 'E2E Shop');
    await screenshot(page, 'form');
    await submit();

    // Follow the task log to its end: every step of the design starts and finishes.
    await page.getByText(`Store ${id} is ready`).waitFor({ timeout: 120_000 });
    const log = await page.locator('body').innerText();
    for (const step of PROVISIONING_STEPS_DONE) {
      expect(log).toMatch(step);
    }
    await screenshot(page, 'task-log');

    await page.getByRole('link', { name: /open in catalog/i }).click();
    await page.waitForURL(new RegExp(`/catalog/default/resource/${id}`));
    await page.getByText('Ready', { exact: true }).waitFor();
    const storefront = page.getByRole('link', {
      name: `http://${id}.localhost`,
    });
    await expect(storefront.getAttribute('href')).resolves.toBe(
      `http://${id}.localhost`,
    );
    await screenshot(page, 'store-card-ready');
    expect(await seriousViolations(page, 'article')).toEqual([]);

    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /delete/i })
      .click();
    await page
      .getByText('This store no longer exists')
      .waitFor({ timeout: 120_000 });
    await screenshot(page, 'store-card-deleted');
    await eventually(`namespace store-${id} gone`, async () =>
      core.readNamespace({ name: `store-${id}` }).then(
        () => undefined,
        error => (error.code === 404 ? true : undefined),
      ),
    );
  });

  it('refuses a Medusa store on the task page, naming engine, and keeps no record of it', async () => {
    const id = `e2e-medusa-${unique()}`;
    await fillFirstPage(id, 'Medusa Shop');
    await submit('Medusa (not available yet)');

    await page
      .getByText(
        'engine: the medusa engine is not available yet; choose woocommerce',
      )
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(page, 'task-log-medusa');
    const res = await fetch(
      `${backend.baseUrl}/api/store-platform/stores/${id}`,
      {
        headers: {
          authorization: `Bearer ${await guestToken(backend.baseUrl)}`,
        },
      },
    );
    expect(res.status).toBe(404);
  });

  it('fails a store whose namespace is taken, and the card shows Failed with the reason', async () => {
    const id = `e2e-failed-${unique()}`;
    // A namespace of no install squats the name: provisioning refuses it at once.
    await core.createNamespace({ body: { metadata: { name: `store-${id}` } } });
    try {
      await fillFirstPage(id, 'Failed Shop');
      await submit();
      await page
        .getByText(/belongs to no store platform install/)
        .first()
        .waitFor({ timeout: 60_000 });

      // The catalog stitches new entities in the background; open the page once it has.
      await waitForEntity(backend.baseUrl, await guestToken(backend.baseUrl), {
        kind: 'resource',
        name: id,
      });
      await page.goto(`${backend.baseUrl}/catalog/default/resource/${id}`);
      await page
        .getByText('Failed', { exact: true })
        .waitFor({ timeout: 30_000 });
      expect(
        await page.getByText(/belongs to no store platform install/).count(),
      ).toBeGreaterThan(0);
      await screenshot(page, 'store-card-failed');
    } finally {
      await core
        .deleteNamespace({ name: `store-${id}` })
        .catch(() => undefined);
    }
  });

  it('lists stores on the stores page without serious accessibility violations', async () => {
    await page.goto(`${backend.baseUrl}/stores`);
    await page.getByRole('table').first().waitFor();
    await page
      .getByText(/e2e-failed-/)
      .first()
      .waitFor();
    await screenshot(page, 'stores-page');
    expect(await seriousViolations(page, 'main, article')).toEqual([]);
  });
});
