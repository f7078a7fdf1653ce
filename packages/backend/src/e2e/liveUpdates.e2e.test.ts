import { CoreV1Api } from '@kubernetes/client-node';
import { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  screenshot,
  signInAsGuest,
} from '../__testUtils__/browser';
import { testKubeConfig } from '../__testUtils__/kube';
import {
  countStoreReads,
  liveIndicator,
  liveUpdatesBackendConfig,
  newServiceToken,
  registerProvisioningStore,
  setStatus,
} from '../__testUtils__/liveStores';
import {
  Replicas,
  startReplicasOnPostgres,
} from '../__testUtils__/replicasOnPostgres';
import { waitForEntity } from '../__testUtils__/scaffolder';
import { RunningBackend, startBackend } from '../__testUtils__/startBackend';
import {
  dropNamespace,
  ownerToken,
  storeApi,
  unique,
} from '../__testUtils__/storeApi';
import { openStoreCard, storeCard } from '../__testUtils__/storeCard';

jest.setTimeout(600_000);

/**
 * Live updates in real Chromium: the real backend (Signals on the events
 * bus) serving the production app bundle, stores driven through the REST
 * API as the store:* actions drive them, the local control plane for the
 * reconciler's drift check and deletions. Every wait here is for something
 * to show WITHOUT a reload; a generous bound, never a timing check (the
 * benchmark measures how fast: docs/benchmarks/live-updates.md).
 */
describe('live updates of the store card and the stores page', () => {
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  const serviceToken = newServiceToken();
  const created: string[] = [];
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    for (const id of created) await dropNamespace(core, id);
  });

  /** The API as the store's owner (the guest) and as a provisioning task (service token). */
  async function apis(baseUrl: string) {
    return {
      owner: storeApi(baseUrl, await ownerToken(baseUrl)),
      service: storeApi(baseUrl, serviceToken),
      token: await ownerToken(baseUrl),
    };
  }

  async function newStore(
    via: Awaited<ReturnType<typeof apis>>,
    baseUrl: string,
    prefix: string,
  ) {
    const id = `${prefix}-${unique()}`;
    created.push(id);
    await registerProvisioningStore(via.owner, via.service, id);
    await waitForEntity(baseUrl, via.token, { kind: 'resource', name: id });
    return id;
  }

  async function signedInPage(baseUrl: string): Promise<Page> {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 1000 },
    });
    await signInAsGuest(page, baseUrl);
    return page;
  }

  const cardText = (page: Page, text: string | RegExp) =>
    storeCard(page).getByText(text).first();

  /** The row of store `id` on the stores page. */
  const storeRow = (page: Page, id: string) =>
    page.getByRole('row').filter({ hasText: id });

  describe('one replica', () => {
    let backend: RunningBackend;
    let via: Awaited<ReturnType<typeof apis>>;

    beforeAll(async () => {
      backend = await startBackend({
        noWatch: true,
        serveApp: true,
        extraConfig: liveUpdatesBackendConfig(serviceToken),
      });
      via = await apis(backend.baseUrl);
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('shows a status change made through the API on an open card and an open stores page, then the drift the reconciler finds, then the deletion by its owner', async () => {
      const id = await newStore(via, backend.baseUrl, 'live');
      const card = await signedInPage(backend.baseUrl);
      const list = await signedInPage(backend.baseUrl);
      try {
        await openStoreCard(card, backend.baseUrl, id);
        await cardText(card, 'Provisioning').waitFor();
        await list.goto(`${backend.baseUrl}/stores`);
        await storeRow(list, id).getByText('Provisioning').waitFor();
        await liveIndicator(card)
          .getByText('Live')
          .waitFor({ timeout: 60_000 });
        await liveIndicator(list)
          .getByText('Live')
          .waitFor({ timeout: 60_000 });

        // Live and unsettled: the card does not poll (the fallback would every 3 s).
        const reads = countStoreReads(card, id);
        await card.waitForTimeout(7_000);
        expect(reads()).toBe(0);

        await setStatus(via.service, id, 'ready', `Store ${id} is ready`);
        await cardText(card, 'Ready').waitFor({ timeout: 30_000 });
        await storeRow(list, id)
          .getByText('Ready')
          .waitFor({ timeout: 30_000 });
        await screenshot(card, 'live-card-ready');

        // No namespace behind it: the drift check reports it on the open card.
        await cardText(card, /drift:.*namespace/i).waitFor({ timeout: 60_000 });
        await screenshot(card, 'live-card-drift');

        // Its owner deletes it elsewhere (the API, as another tab would).
        const removed = await via.owner.remove(id);
        expect(removed.status).toBe(202);
        await card
          .getByText('This store no longer exists')
          .waitFor({ timeout: 120_000 });
        await storeRow(list, id).waitFor({
          state: 'detached',
          timeout: 30_000,
        });
        expect(await liveIndicator(card).innerText()).toBe('Live');
      } finally {
        await card.close();
        await list.close();
      }
    });

    it('with the Signals websocket blocked, says the card is not live and still converges by re-reading', async () => {
      const id = await newStore(via, backend.baseUrl, 'nolive');
      const page = await signedInPage(backend.baseUrl);
      try {
        // The websocket is refused as a proxy that does not pass upgrades would.
        let refused = 0;
        await page.routeWebSocket(/\/api\/signals/, ws => {
          refused++;
          ws.close();
        });
        await openStoreCard(page, backend.baseUrl, id);
        await cardText(page, 'Provisioning').waitFor();
        await liveIndicator(page)
          .getByText('Not live, refreshing every 20 s')
          .waitFor({ timeout: 60_000 });

        // Unsettled: the fallback polls every 3 s.
        await setStatus(via.service, id, 'ready', `Store ${id} is ready`);
        await cardText(page, 'Ready').waitFor({ timeout: 30_000 });
        // Settled: the slow re-read still brings the drift the reconciler reports.
        await cardText(page, /drift:.*namespace/i).waitFor({ timeout: 90_000 });
        await screenshot(page, 'not-live-card');
        // The app did try (Signals is installed), and was refused.
        expect(refused).toBeGreaterThan(0);
        expect(await liveIndicator(page).innerText()).toBe(
          'Not live, refreshing every 20 s',
        );
      } finally {
        await page.close();
      }
    });
  });

  describe('two replicas on one PostgreSQL', () => {
    let replicas: Replicas;

    beforeAll(async () => {
      replicas = await startReplicasOnPostgres(
        2,
        liveUpdatesBackendConfig(serviceToken),
        { serveApp: true },
      );
    });

    afterAll(async () => {
      await replicas?.stop();
    });

    it('shows on a browser connected to replica 2 a change made on replica 1', async () => {
      const [one, two] = replicas.backends;
      const viaOne = await apis(one.baseUrl);
      const id = await newStore(viaOne, one.baseUrl, 'live2');
      const page = await signedInPage(two.baseUrl);
      try {
        await openStoreCard(page, two.baseUrl, id);
        await cardText(page, 'Provisioning').waitFor();
        await liveIndicator(page)
          .getByText('Live')
          .waitFor({ timeout: 60_000 });
        // Only replica 1 is told; the card polls nothing while live, so
        // only the events bus in PostgreSQL can bring the change to replica 2.
        const reads = countStoreReads(page, id);
        await setStatus(viaOne.service, id, 'ready', `Store ${id} is ready`);
        await cardText(page, 'Ready').waitFor({ timeout: 30_000 });
        expect(reads()).toBeGreaterThanOrEqual(1);
        expect(page.url().startsWith(two.baseUrl)).toBe(true);
      } finally {
        await page.close();
      }
    });
  });
});
