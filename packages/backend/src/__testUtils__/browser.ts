import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** Where screenshots are kept as test artifacts (git-ignored). */
export const ARTIFACTS_DIR = resolvePackagePath(
  'backend',
  '../../test-results/e2e',
);

/**
 * Debian's Chromium, headless. A browser download cannot work on these
 * machines, and the background-networking flags keep Chromium from dialling
 * out on a closed network.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({
    path: join(ARTIFACTS_DIR, `${name}.png`),
    fullPage: true,
  });
}

/**
 * Signs in with the guest provider, as a new user does, and waits for the
 * page the app lands on (the catalog at /catalog in the reference app).
 */
export async function signInAsGuest(
  page: Page,
  baseUrl: string,
  landing: (page: Page) => Promise<void> = p => p.waitForURL(/\/catalog/),
): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await landing(page);
}

/**
 * Serious and critical axe-core violations inside `selector`, described for a
 * failure message. axe runs in the page: its script is evaluated there, since
 * axe-core cannot be loaded into Node itself.
 */
export async function seriousViolations(
  page: Page,
  selector: string,
): Promise<string[]> {
  // A colour caught halfway through a transition (a button turning from
  // disabled grey to its colour once a permission answer arrives, a hover
  // tint) fails the contrast rule at random: check with the pointer off the
  // page and no CSS transition running (keyframe animations such as spinners
  // run for ever and change no text colour).
  await page.mouse.move(0, 0);
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every(a => !(a instanceof CSSTransition) || a.playState !== 'running'),
    undefined,
    { timeout: 10_000 },
  );
  // Evaluated through the DevTools protocol, so the app's CSP (no inline scripts) does not apply.
  await page.evaluate(
    readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'),
  );
  const violations: Array<{ id: string; impact: string; targets: string[] }> =
    await page.evaluate(async include => {
      const axe = (window as any).axe;
      const result = await axe.run({ include: [include] });
      return result.violations.map((v: any) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.map((n: any) => n.target.join(' ')),
      }));
    }, selector);
  return violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}
