// Strings from a finding are attacker-controlled (titles, descriptions, user names): they are shown
// as text, never parsed as HTML, so markup in them neither renders nor runs.
import { expect, test } from '@playwright/test';
import { FindlensPage, fixture } from './pages/findlens-page';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';

test('markup in a finding is shown as text and never runs', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('hostile-strings.json'));

  const card = app.findingCards.first();
  await expect(card).toBeVisible();
  await expect(card.getByTestId('finding-title')).toHaveText(`Hostile title ${IMG} ${SCRIPT}`);
  await expect(card.getByTestId('finding-type')).toContainText(IMG + SCRIPT);
  await expect(card).toContainText(`Hostile description ${SCRIPT} ${IMG}`);

  // Nothing from the finding became an element.
  await expect(page.locator('main img')).toHaveCount(0);
  await expect(page.locator('main script')).toHaveCount(0);
  // And nothing ran, now or a moment later (an image's onerror fires asynchronously).
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});
