import { Page } from 'playwright-core';

/** The entity page's About card (the catalog's EntityAboutCard). */
export function aboutCard(page: Page) {
  return page
    .getByRole('article')
    .filter({ has: page.getByText('About', { exact: true }) })
    .first();
}

/** A link a user can follow on the About card, and what is wrong with it, if anything. */
export interface AboutCardLink {
  label: string;
  href: string;
  problem?: string;
}

// What the app shows for a route it has no page for, or an entity the catalog does not have.
const NOT_FOUND = /not found|error 404/i;

/**
 * Every enabled link on the About card of the open entity page, each checked:
 * an http(s) link elsewhere must at least be http(s) (nothing is fetched: the
 * test machine has no internet); a link into the app is followed, in the same
 * signed-in page (which is left on the last one), and must render a page that
 * is not "not found". Disabled links (a View Source without a source) are no
 * links and are left out.
 */
export async function aboutCardLinks(
  page: Page,
  baseUrl: string,
): Promise<AboutCardLink[]> {
  const card = aboutCard(page);
  await card.waitFor();
  const anchors = await card
    .locator('a[href]:not([aria-disabled="true"])')
    .evaluateAll(elements =>
      elements.map(a => ({
        label: (
          a.getAttribute('aria-label') ??
          a.getAttribute('title') ??
          a.textContent ??
          ''
        ).trim(),
        href: (a as HTMLAnchorElement).href,
      })),
    );
  const links: AboutCardLink[] = [];
  for (const { label, href } of anchors) {
    links.push({
      label,
      href,
      problem: await linkProblem(page, baseUrl, href),
    });
  }
  return links;
}

async function linkProblem(
  page: Page,
  baseUrl: string,
  href: string,
): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${url.protocol} is neither http(s) nor an app route`;
  }
  if (url.origin !== new URL(baseUrl).origin) return undefined;

  // The page may be the browser's default context's only one: follow the link in it.
  const response = await page.goto(href, { waitUntil: 'networkidle' });
  if (!response?.ok()) return `answered ${response?.status()}`;
  // The app's pages have a title; wait for it, then for the content it fetches.
  await page.locator('h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  const text = await page.locator('body').innerText();
  return NOT_FOUND.test(text)
    ? `renders "${NOT_FOUND.exec(text)![0]}"`
    : undefined;
}
