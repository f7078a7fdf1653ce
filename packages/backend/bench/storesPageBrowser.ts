import { Browser } from 'playwright-core';
import { signInAsGuest } from '../src/__testUtils__/browser';

/** When the stores page showed its first row and its first catalog link, from navigation start. */
export interface PageTiming {
  firstRowMs: number;
  /** The app's HTML and scripts parsed and run (DOMContentLoaded ended). */
  appLoadedMs: number;
  /** The page's one list request, sent and answered. */
  listRequest?: { startMs: number; endMs: number };
  /** Undefined when no link appeared within the wait (the store is not in the catalog). */
  firstLinkMs?: number;
}

declare global {
  interface Window {
    __firstRowAt?: number;
    __firstLinkAt?: number;
  }
}

/**
 * Records, inside the page, the first frame after a store row (and a catalog
 * link in a row) entered the DOM: `performance.now()` counts from navigation
 * start, so no round trip to the test process is in the figure.
 */
function recordFirstRows() {
  const ROW = 'tbody tr[data-store-id]';
  const seen = () => {
    if (window.__firstRowAt === undefined && document.querySelector(ROW)) {
      window.__firstRowAt = -1;
      requestAnimationFrame(() => (window.__firstRowAt = performance.now()));
    }
    if (
      window.__firstLinkAt === undefined &&
      document.querySelector(`${ROW} td:first-child a`)
    ) {
      window.__firstLinkAt = -1;
      requestAnimationFrame(() => (window.__firstLinkAt = performance.now()));
    }
  };
  new MutationObserver(seen).observe(document, {
    childList: true,
    subtree: true,
  });
}

/**
 * Opens the stores page `samples` times, each in a fresh browser context
 * signed in as the guest (so the app's assets are in that context's HTTP
 * cache, as for a user who has used the portal before), and times it.
 */
export async function timeStoresPage(
  browser: Browser,
  baseUrl: string,
  samples: number,
  linkWaitMs = 5_000,
): Promise<PageTiming[]> {
  const timings: PageTiming[] = [];
  for (let i = 0; i < samples; i++) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      await signInAsGuest(page, baseUrl);
      await page.addInitScript(recordFirstRows);
      await page.goto(`${baseUrl}/stores`, { waitUntil: 'commit' });
      await page.waitForFunction(() => (window.__firstRowAt ?? -1) > 0, null, {
        timeout: 60_000,
      });
      const firstLinkMs = await page
        .waitForFunction(() => (window.__firstLinkAt ?? -1) > 0, null, {
          timeout: linkWaitMs,
        })
        .then(() => page.evaluate(() => window.__firstLinkAt!))
        .catch(() => undefined);
      const measured = await page.evaluate(() => {
        const nav = performance.getEntriesByType(
          'navigation',
        )[0] as PerformanceNavigationTiming;
        const list = performance
          .getEntriesByType('resource')
          .find(e => e.name.includes('/api/store-platform/stores?')) as
          | PerformanceResourceTiming
          | undefined;
        return {
          firstRowMs: window.__firstRowAt!,
          appLoadedMs: nav.domContentLoadedEventEnd,
          listRequest: list
            ? { startMs: list.startTime, endMs: list.responseEnd }
            : undefined,
        };
      });
      timings.push({ ...measured, firstLinkMs });
    } finally {
      await context.close();
    }
  }
  return timings;
}
