// The page passes axe's WCAG 2.1 A/AA rules in its main views (empty, the findings list, a finding
// with its guide), in light and dark, and every control is reachable from the keyboard.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { FindlensPage, fixture } from './pages/findlens-page';

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no axe violations: empty, list, finding view (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const app = new FindlensPage(page);
    await app.goto();
    await expect(app.welcome).toBeVisible();
    expect(await violations(page), 'empty page').toEqual([]);

    await app.paste(fixture('credentials-long-term.json'));
    await app.paste('{"type": "X",\n  "id": }');
    await app.welcome.waitFor({ state: 'detached' });
    await app.openInputs();
    await app.sampleSelect.selectOption('');
    await app.loadSamplesButton.click();
    await expect(app.count).toHaveText('22 findings');
    await app.table.focus();
    await page.keyboard.press('ArrowDown');
    expect(await violations(page), 'the list, with a problem and a selection').toEqual([]);

    await app.openFinding('UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom');
    await expect(app.guideSteps.first()).toBeVisible();
    await app.stepChecks.first().check();
    await app.rawTree.getByTestId('raw-toggle').click();
    await app.rawTree.getByTestId('json-toggle').first().click();
    expect(await violations(page), 'a finding with its guide').toEqual([]);
  });
}

test('the theme switch overrides the system and is kept across a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const app = new FindlensPage(page);
  await app.goto();
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await app.themeSelect.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).not.toBe(light);
  await page.reload();
  await expect(app.themeSelect).toHaveValue('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await violations(page), 'dark chosen on a light system').toEqual([]);
  await app.themeSelect.selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  expect(await background()).toBe(light);
});

test('the page is in English and its headings are in order', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.guideSteps.first()).toBeVisible();

  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const levels = await page
    .locator('h1, h2, h3, h4, h5, h6')
    .evaluateAll((hs) => hs.filter((h) => h.getClientRects().length > 0).map((h) => Number(h.tagName[1])));
  expect(levels[0]).toBe(1);
  for (let i = 1; i < levels.length; i++) {
    expect(levels[i] - levels[i - 1], `heading ${i} skips a level`).toBeLessThanOrEqual(1);
  }
});

async function tabReach(page: Page, presses: number): Promise<Set<string>> {
  await page.locator('body').focus();
  const reached = new Set<string>();
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    if (id) reached.add(id);
  }
  return reached;
}

test('the load controls, the list and the guide controls are reachable with Tab', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  let reached = await tabReach(page, 30);
  for (const id of ['theme-select', 'load-toggle', 'paste-box', 'load-paste-button', 'file-input', 'sample-select', 'load-samples-button', 'welcome-load-all', 'sample-button']) {
    expect(reached, `Tab never reaches ${id}`).toContain(id);
  }

  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.copyButtons.first()).toBeVisible();
  await app.rawTree.getByTestId('raw-toggle').click();
  reached = await tabReach(page, 80);
  for (const id of ['back-button', 'zone-utc', 'raw-toggle', 'copy-value', 'copy-path', 'copy-raw', 'export-markdown', 'print-guide', 'step-check', 'copy-button']) {
    expect(reached, `Tab never reaches ${id}`).toContain(id);
  }

  await app.toList();
  reached = await tabReach(page, 40);
  for (const id of ['load-toggle', 'clear-button', 'search', 'band-high', 'filter-scenario', 'group-by', 'sort-severity', 'findings-table']) {
    expect(reached, `Tab never reaches ${id}`).toContain(id);
  }
});

test('Ctrl+Enter in the paste box loads it', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.pasteBox.fill(fixture('credentials-long-term.json'));
  await app.pasteBox.press('Control+Enter');
  await expect(app.findingView).toBeVisible();
  await app.toList();
  await expect(app.rows).toHaveCount(1);
});
