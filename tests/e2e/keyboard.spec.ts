// Keyboard-only triage: `/` to search, ArrowDown into the list, ArrowUp/ArrowDown to move, Enter to
// open, Tab to a step's checkbox and Space to tick it, Escape back to the list (same selection,
// focus on the list), Escape again to clear the search. No mouse anywhere in this spec.
import { expect, test, type Page } from '@playwright/test';
import { FindlensPage } from './pages/findlens-page';

const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

test('triage a finding with the keyboard alone', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto('#samples');
  await expect(app.count).toHaveText('21 findings');

  await page.keyboard.press('/');
  await expect.poll(() => focused(page)).toBe('search');
  await page.keyboard.type('malicious');
  await expect(app.count).toHaveText(/ of 21 findings/);

  await page.keyboard.press('ArrowDown');
  await expect.poll(() => focused(page)).toBe('findings-table');
  await expect(app.rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(app.rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(app.rows.nth(0)).toHaveAttribute('aria-selected', 'false');
  const selectedId = await app.rows.nth(1).getAttribute('id');
  await expect(app.table).toHaveAttribute('aria-activedescendant', selectedId!);
  const title = (await app.rows.nth(1).getByTestId('row-title').textContent())!;

  await page.keyboard.press('Enter');
  await expect(app.findingView).toBeVisible();
  await expect(app.findingView.getByTestId('finding-title')).toHaveText(title);

  // Tab to the first step's checkbox and tick it with Space.
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await focused(page)) === 'step-check';
  }
  expect(reached, 'Tab reaches a step checkbox').toBe(true);
  await page.keyboard.press('Space');
  await expect(app.stepChecks.first()).toBeChecked();
  await expect(app.guideProgress).toHaveText(/^1 of \d+ steps done$/);

  // Escape: back to the list, same selection, focus on the list, progress in the row.
  await page.keyboard.press('Escape');
  await expect(app.findingView).toHaveCount(0);
  await expect(app.rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => focused(page)).toBe('findings-table');
  await expect(app.rows.nth(1).getByTestId('row-progress')).toHaveText(/^1\/\d+ steps done$/);

  // Escape again clears the search.
  await page.keyboard.press('Escape');
  await expect(app.search).toHaveValue('');
  await expect(app.count).toHaveText('21 findings');

  // End and Home jump through the whole list, scrolling it.
  await app.table.focus();
  await page.keyboard.press('End');
  const last = app.rows.last();
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(last).toBeInViewport();
  await page.keyboard.press('Home');
  await expect(app.rows.first()).toHaveAttribute('aria-selected', 'true');

  // Enter on a column header sorts; it does not open the selected finding.
  await page.getByTestId('sort-count').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('th', { has: page.getByTestId('sort-count') })).toHaveAttribute('aria-sort', 'descending');
  await expect(app.findingView).toHaveCount(0);
});
