import { Page } from 'playwright-core';

/**
 * The store template's form in Chromium, as a user fills it: shared by the
 * reference app's journey and the stock app's (an app made by create-app).
 */

/** Opens the store template from Create and fills the first page. */
export async function fillStoreFormFirstPage(
  page: Page,
  baseUrl: string,
  store: { id: string; title: string; owner: string },
): Promise<void> {
  await page.goto(`${baseUrl}/create`);
  const name = page.getByText('WooCommerce store', { exact: true }).first();
  await name.waitFor();
  // The template's own card: the innermost element holding its name and a
  // Choose button (an app may list other templates before it).
  const choose = page.getByRole('button', { name: /choose/i });
  await page
    .locator('div')
    .filter({ has: name })
    .filter({ has: choose })
    .last()
    .getByRole('button', { name: /choose/i })
    .click();
  await page.getByLabel('Store id').fill(store.id);
  await page.getByLabel('Display name').fill(store.title);
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill(store.owner);
  await page.getByRole('option', { name: store.owner }).click();
}

/** Fills the second page (engine, admin email), reviews and creates; waits for the task page. */
export async function submitStoreForm(
  page: Page,
  engineLabel?: string,
): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
  if (engineLabel) {
    await page.getByLabel('Engine').click();
    await page.getByRole('option', { name: engineLabel }).click();
  }
  await page.getByLabel('Admin email').fill('owner@example.com');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\//);
}

/**
 * Every step of the design in the task log of a provisioned store, each
 * started and finished. Host names in the log are links, so a line may wrap
 * around them.
 */
export const PROVISIONING_STEPS_DONE = [
  /✔ Create namespace store-[\s\S]*? done in \d+\.\d s/,
  /✔ Start MariaDB: done in \d+\.\d s/,
  /✔ Start WordPress: done in \d+\.\d s/,
  /✔ Route [\s\S]*? to the storefront: done in \d+\.\d s/,
  /✔ Install WooCommerce [\s\S]*? done in \d+\.\d s/,
  /✔ Catalog entry: done in \d+\.\d s/,
];
