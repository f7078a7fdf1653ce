import { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  screenshot,
  signInAsGuest,
} from '../__testUtils__/browser';
import { CoreV1Api } from '@kubernetes/client-node';
import { eventually, testKubeConfig } from '../__testUtils__/kube';
import { runTemplate } from '../__testUtils__/scaffolder';
import {
  dropNamespace,
  ownerToken,
  storeApi,
  storeForm,
  unique,
} from '../__testUtils__/storeApi';
import { RunningBackend, startBackend } from '../__testUtils__/startBackend';

jest.setTimeout(300_000);

/** Markup that would run or render if any page put the value in as HTML. */
const HOSTILE_TITLE =
  '<img src=x onerror="window.__injected=1"><script>window.__injected=2</script><b id=injected>b</b>';

/**
 * Hostile text in the UI, in real Chromium against the production app
 * bundle: a store whose title is markup is shown as that text on its entity
 * page (the store card and the header) and on the stores page, and nothing
 * of it becomes an element or runs.
 */
describe('hostile store values in the UI', () => {
  let backend: RunningBackend;
  let browser: Browser;
  let page: Page;
  const id = `xss-${unique()}`;
  let taskStatus: string;
  let storedTitle: string;

  const core = testKubeConfig().makeApiClient(CoreV1Api);

  beforeAll(async () => {
    backend = await startBackend({ serveApp: true, noWatch: true });
    const token = await ownerToken(backend.baseUrl);
    // A namespace of no install squats the store's name: provisioning refuses
    // it at once, leaving a failed store record and entity, no cluster work.
    await core.createNamespace({ body: { metadata: { name: `store-${id}` } } });
    const task = await runTemplate(
      backend.baseUrl,
      token,
      'template:default/store',
      storeForm(id, { title: HOSTILE_TITLE }),
    );
    taskStatus = task.status;
    storedTitle = (await storeApi(backend.baseUrl, token).get(id)).json?.title;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAsGuest(page, backend.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await dropNamespace(core, id);
  });

  /** Waits for the title to show, then reports what of its markup became real. */
  async function injectedAfterShowing(where: string) {
    await page
      .getByText(HOSTILE_TITLE, { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(page, `hostile-${where}`);
    return page.evaluate(() => ({
      ran: (window as any).__injected ?? null,
      img: document.querySelectorAll('img[src="x"]').length,
      bold: document.querySelectorAll('#injected').length,
    }));
  }

  const NOTHING_INJECTED = { ran: null, img: 0, bold: 0 };

  it('stores the markup verbatim (the squatted namespace fails the task at once)', () => {
    expect({ taskStatus, storedTitle }).toEqual({
      taskStatus: 'failed',
      storedTitle: HOSTILE_TITLE,
    });
  });

  it('shows the title as text on the entity page, creating no element', async () => {
    await eventually(
      'the store entity page',
      async () => {
        await page.goto(`${backend.baseUrl}/catalog/default/resource/${id}`);
        // The entity appears once the catalog has ingested the store.
        await page
          .getByText('Failed', { exact: true })
          .first()
          .waitFor({ timeout: 10_000 });
        return true;
      },
      90_000,
    );
    expect(await injectedAfterShowing('entity-page')).toEqual(NOTHING_INJECTED);
  });

  it('shows the title as text on the stores page, creating no element', async () => {
    await page.goto(`${backend.baseUrl}/stores`);
    await page.getByRole('table').first().waitFor();
    expect(await injectedAfterShowing('stores-page')).toEqual(NOTHING_INJECTED);
  });
});
