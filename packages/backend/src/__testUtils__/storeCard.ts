import { Page } from 'playwright-core';

/** The store card: the card whose facts name the store's namespace. */
export function storeCard(page: Page) {
  return page
    .getByRole('article')
    .filter({ has: page.getByText('Namespace', { exact: true }) });
}

/** Opens a store's catalog page and waits for its card. */
export async function openStoreCard(
  page: Page,
  baseUrl: string,
  storeId: string,
): Promise<void> {
  await page.goto(`${baseUrl}/catalog/default/resource/${storeId}`);
  await storeCard(page).waitFor();
}

/** The value of one of the card's facts (e.g. `Size`). */
export function cardFact(page: Page, term: string) {
  return storeCard(page)
    .locator('dt', { hasText: term })
    .locator('xpath=following-sibling::dd[1]');
}

/**
 * Clicks an operation on the store card (the button shown, else the item of
 * its Operations menu) and checks that the template's form opened with the
 * store filled in. Returns the form data the card put in the link.
 */
export async function openCardOperation(
  page: Page,
  label: string,
  template: string,
  storeId: string,
): Promise<Record<string, unknown>> {
  const card = storeCard(page);
  const button = card.getByRole('button', { name: label, exact: true });
  const menu = card.getByRole('button', { name: 'Operations' });
  // The operations render once the permission check has answered: wait for
  // them, or a button not there yet would send us to the menu.
  await button.or(menu).first().waitFor();
  if (await button.count()) {
    await button.click();
  } else {
    await menu.click();
    await page.getByRole('menuitem', { name: label, exact: true }).click();
  }
  await page.waitForURL(url =>
    url.pathname.endsWith(`/create/templates/default/${template}`),
  );
  const formData = JSON.parse(
    new URL(page.url()).searchParams.get('formData') ?? '{}',
  );
  if (formData.name !== storeId) {
    throw new Error(
      `the card opened ${template} with ${JSON.stringify(
        formData,
      )}, not the store ${storeId}`,
    );
  }
  const name = page.getByRole('textbox', { name: 'Store id' });
  await name.waitFor();
  if ((await name.inputValue()) !== storeId) {
    throw new Error(
      `the ${template} form opened with store id "${await name.inputValue()}", not "${storeId}"`,
    );
  }
  return formData;
}

/** Picks `option` in an OwnerPicker field labelled `label` (type to search, then choose). */
export async function pickOwner(page: Page, label: string, option: string) {
  const field = page.getByRole('textbox', { name: label });
  await field.click();
  await field.fill(option);
  await page.getByRole('option', { name: option }).click();
}

/** From the form's last page: Review, then Create; waits for the task page and returns the task id. */
export async function submitOperationForm(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\//);
  return new URL(page.url()).pathname.split('/').pop()!;
}
