import { CoreV1Api } from '@kubernetes/client-node';
import { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import {
  ARTIFACTS_DIR,
  launchChromium,
  screenshot,
  signInAsGuest,
} from '../__testUtils__/browser';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import { waitForEntity } from '../__testUtils__/scaffolder';
import {
  guestToken,
  RunningBackend,
  startBackend,
} from '../__testUtils__/startBackend';
import { taskApi } from '../__testUtils__/storeApi';
import {
  fillStoreFormFirstPage,
  PROVISIONING_STEPS_DONE,
  submitStoreForm,
} from '../__testUtils__/storeForm';

jest.setTimeout(300_000);

/**
 * The plugins as other people install them: an app made by
 * `npx @backstage/create-app` (new frontend system), with the plugins added
 * from their packed tarballs by exactly the install steps of their READMEs
 * (`scripts/stock-app prepare`, which names the app in STOCK_APP_DIR). Its own
 * backend serves its own built app; stores go to the local control plane.
 */
const appRoot = process.env.STOCK_APP_DIR;

describe('the store journey in a stock create-app app with the plugins installed from their READMEs', () => {
  let backend: RunningBackend;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!appRoot) {
      throw new Error(
        'STOCK_APP_DIR is not set: run `scripts/test stock-app` (it prepares the app with `scripts/stock-app prepare`)',
      );
    }
    backend = await startBackend({
      appRoot,
      serveApp: true,
      noWatch: true,
      timeoutMs: 180_000,
    });
    await waitForEntity(backend.baseUrl, await guestToken(backend.baseUrl), {
      kind: 'template',
      name: 'store',
    });
    browser = await launchChromium();
    // Small pages: the READMEs show these screenshots.
    page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    // create-app's app shows the catalog at `/`.
    await signInAsGuest(page, backend.baseUrl, p =>
      p
        .getByRole('heading', { name: /catalog/i })
        .first()
        .waitFor(),
    );
  });

  afterAll(async () => {
    // Where the journey ended, for a post-mortem when it failed.
    if (page) await screenshot(page, 'stock-app-last').catch(() => undefined);
    await browser?.close();
    await backend?.stop();
  });

  it('creates a store from the template, logs every step, shows it ready on its card, and deletes it', async () => {
    const id = `stock-${Math.random().toString(36).slice(2, 7)}`;
    // create-app's example org: the guest user is a member of `guests`.
    await fillStoreFormFirstPage(page, backend.baseUrl, {
      id,
      title: 'Stock Shop',
      owner: 'guests',
    });
    await screenshot(page, 'stock-app-form');
    await submitStoreForm(page);

    await page.getByText(`Store ${id} is ready`).waitFor({ timeout: 120_000 });
    await page
      .getByText(/✔ Catalog entry: done in/)
      .first()
      .waitFor();
    // The page's log viewer renders only the lines in view: every step of the
    // task's log is checked in what the page reads, the task's events.
    const taskId = new URL(page.url()).pathname.split('/').pop()!;
    const log = await taskApi(
      backend.baseUrl,
      await guestToken(backend.baseUrl),
    ).log(taskId);
    for (const step of PROVISIONING_STEPS_DONE) {
      expect(log).toMatch(step);
    }
    await screenshot(page, 'stock-app-task-log');

    await page.getByRole('link', { name: /open in catalog/i }).click();
    await page.waitForURL(new RegExp(`/catalog/default/resource/${id}`));
    // The new frontend system draws entity cards without the legacy
    // `article`: the card is the innermost block holding its subheader (the
    // store id) and its facts.
    const card = page
      .locator('div')
      .filter({ has: page.getByText(id, { exact: true }) })
      .filter({ has: page.getByText('Namespace', { exact: true }) })
      .last();
    await card.getByText('Ready', { exact: true }).waitFor();
    // The card alone, small enough for the frontend plugin's README.
    await card.screenshot({
      path: join(ARTIFACTS_DIR, 'stock-app-store-card.png'),
    });
    await screenshot(page, 'stock-app-entity-page');
    // No link of the entity page (the About card's View Source included) leads
    // to something that is not a web address or a page of the app.
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll(links => links.map(a => a.getAttribute('href') ?? ''));
    expect(hrefs.filter(href => !/^(https?:\/\/|\/)/.test(href))).toEqual([]);

    // The stores page, from the nav entry the plugin adds.
    await page.getByRole('link', { name: 'Stores' }).first().click();
    await page.getByRole('table').first().waitFor();
    await page.getByText(id).first().waitFor();
    await screenshot(page, 'stock-app-stores-page');
    await page.goto(`${backend.baseUrl}/catalog/default/resource/${id}`);

    await card.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /delete/i })
      .click();
    await page
      .getByText('This store no longer exists')
      .waitFor({ timeout: 120_000 });
    const core = testKubeConfig().makeApiClient(CoreV1Api);
    await eventually(`namespace store-${id} gone`, async () =>
      core.readNamespace({ name: `store-${id}` }).then(
        () => undefined,
        error => (error.code === 404 ? true : undefined),
      ),
    );
  });
});
