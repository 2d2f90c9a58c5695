// The page passes axe's WCAG 2.1 A/AA rules, empty and with a guide shown, in light and dark, and
// every control is reachable from the keyboard.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { FindlensPage, fixture } from './pages/findlens-page';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no axe violations with a guide shown (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const app = new FindlensPage(page);
    await app.goto();
    let results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations, 'empty page').toEqual([]);

    await app.paste(fixture('credentials-long-term.json'));
    await app.paste('{"type": "X",\n  "id": }');
    await expect(app.guideSteps.first()).toBeVisible();
    results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations, 'with a guide and a problem').toEqual([]);
  });
}

test('the page is in English and its headings are in order', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.guideSteps.first()).toBeVisible();

  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const levels = await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
  expect(levels[0]).toBe(1);
  for (let i = 1; i < levels.length; i++) {
    expect(levels[i] - levels[i - 1], `heading ${i} skips a level`).toBeLessThanOrEqual(1);
  }
});

test('the paste box, Show guide, the file picker and Copy are reachable with Tab', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.copyButtons.first()).toBeVisible();
  await page.locator('body').focus();

  const reached = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    if (id) reached.add(id);
  }
  for (const id of ['paste-box', 'show-button', 'file-input', 'clear-button', 'copy-button']) {
    expect(reached, `Tab never reaches ${id}`).toContain(id);
  }
});

test('Ctrl+Enter in the paste box shows the guide', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.pasteBox.fill(fixture('credentials-long-term.json'));
  await app.pasteBox.press('Control+Enter');
  await expect(app.findingCards).toHaveCount(1);
});
