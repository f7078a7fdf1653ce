import { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from '../__testUtils__/browser';
import { OidcBackend, startBackendWithOidc } from '../__testUtils__/oidc';

jest.setTimeout(300_000);

/**
 * Real sign-in in real Chromium: the production app bundle served by the backend offers
 * the OIDC provider (from config, no rebuild), alice signs in on the IdP's own login page
 * (oidc-provider on loopback) and lands in the catalog as the catalog User she is.
 */
describe('signing in through OIDC in a real browser', () => {
  let oidc: OidcBackend;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    oidc = await startBackendWithOidc({ serveApp: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await oidc?.stop();
  });

  it("alice signs in on the provider's login page and lands in the catalog as user:default/alice of team-a", async () => {
    const { baseUrl } = oidc.backend;
    await page.goto(`${baseUrl}/`);
    // The sign-in page offers what app.signIn.providers says: OIDC only.
    await page.getByText('Single sign-on').waitFor();
    expect(await page.getByRole('button', { name: 'Enter' }).count()).toBe(0);
    await screenshot(page, 'oidc-sign-in-page');

    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: /sign in/i }).click();
    const popup = await popupOpened;
    await popup.waitForURL(url =>
      url.toString().startsWith(`${oidc.idp.issuer}/interaction/`),
    );
    await popup.getByLabel('Username').fill('alice');
    await popup.getByLabel('Password').fill(oidc.idp.users.alice.password);
    await screenshot(popup, 'oidc-idp-login');
    const popupClosed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await popupClosed;

    await page.waitForURL(/\/catalog/);
    // The app's own session, as it reads it on every reload.
    const identity = await page.evaluate(async () => {
      const res = await fetch('/api/auth/oidc/refresh?env=development', {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      });
      return (await res.json()).backstageIdentity.identity;
    });
    expect(identity.userEntityRef).toBe('user:default/alice');
    expect(identity.ownershipEntityRefs).toEqual(
      expect.arrayContaining(['user:default/alice', 'group:default/team-a']),
    );
    expect(identity.ownershipEntityRefs).not.toContain('group:default/team-b');

    // The sidebar's My Group comes from the catalog for the signed-in user: team-a.
    const myGroup = page.getByRole('link', { name: 'My Group' });
    await myGroup.waitFor();
    expect(await myGroup.getAttribute('href')).toMatch(
      /\/catalog\/default\/group\/team-a$/i,
    );
    await screenshot(page, 'oidc-signed-in');
  });
});
