// Strings from a finding are attacker-controlled (titles, descriptions, user names): they are shown
// as text, never parsed as HTML, so markup in them neither renders nor runs: in the list, in the
// finding view, in the guide and in the raw JSON tree.
import { expect, test, type Page } from '@playwright/test';
import { FindlensPage, fixture } from './pages/findlens-page';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
const PAYLOAD = `${IMG}${SCRIPT}<svg onload="window.__pwned=1"></svg>`;

/** The fixture with the payload appended to every text value, at any depth. */
function everywhere(): string {
  const add = (v: unknown): unknown => {
    if (typeof v === 'string') return `${v} ${PAYLOAD}`;
    if (Array.isArray(v)) return v.map(add);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, add(x)]));
    return v;
  };
  return JSON.stringify(add(JSON.parse(fixture('hostile-strings.json'))), null, 2);
}

async function nothingRan(page: Page, errors: string[]): Promise<void> {
  // Nothing from the finding became an element.
  await expect(page.locator('main img')).toHaveCount(0);
  await expect(page.locator('main script')).toHaveCount(0);
  await expect(page.locator('main svg')).toHaveCount(0);
  // And nothing ran, now or a moment later (an image's onerror fires asynchronously).
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
}

test('markup in a finding is shown as text and never runs', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('hostile-strings.json'));

  const card = app.findingView;
  await expect(card).toBeVisible();
  await expect(card.getByTestId('finding-title')).toHaveText(`Hostile title ${IMG} ${SCRIPT}`);
  await expect(card.getByTestId('finding-type')).toContainText(IMG + SCRIPT);
  await expect(card).toContainText(`Hostile description ${SCRIPT} ${IMG}`);
  await nothingRan(page, errors);
});

test('markup in every text field stays text in the list, the finding view and the raw JSON tree', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(everywhere());
  await expect(app.findingView).toBeVisible();

  // The finding view: header, what happened, guide.
  await expect(app.findingView.getByTestId('finding-title')).toContainText(PAYLOAD);
  await expect(app.findingView.getByTestId('finding-type')).toContainText(PAYLOAD);
  await expect(app.details).toContainText(`ListBuckets ${PAYLOAD}`);
  await expect(app.details).toContainText(`198.51.100.23 ${PAYLOAD}`);
  await expect(app.details).toContainText(`Example Hosting ${PAYLOAD}`);
  await expect(app.guideSteps.first()).toBeVisible();

  // The raw tree, every node expanded.
  await app.rawTree.getByTestId('raw-toggle').click();
  for (let round = 0; round < 12; round++) {
    const closed = app.rawTree.locator('[data-testid="json-toggle"][aria-expanded="false"]');
    const n = await closed.count();
    if (n === 0) break;
    for (let i = n - 1; i >= 0; i--) await closed.nth(i).click();
  }
  await expect(app.rawTree.locator('[data-testid="json-toggle"][aria-expanded="false"]')).toHaveCount(0);
  const values = app.rawTree.getByTestId('json-value');
  await expect(values.filter({ hasText: `"123456789012 ${PAYLOAD}"` })).toHaveCount(1);
  await expect(values.filter({ hasText: `"incident-2026-ips ${PAYLOAD}"` })).toHaveCount(1);
  await expect(values.filter({ hasText: `"Netherlands ${PAYLOAD}"` })).toHaveCount(1);
  await nothingRan(page, errors);

  // The list row.
  await app.toList();
  const row = app.rows.first();
  await expect(row.getByTestId('row-title')).toContainText(`Hostile title`);
  await expect(row.getByTestId('row-title')).toContainText(PAYLOAD);
  await expect(row.getByTestId('row-type')).toContainText(PAYLOAD);
  await expect(row).toContainText(`123456789012 ${PAYLOAD}`);
  // A Region that is not shaped like one is set aside (every command would carry it), and the
  // Region in the finding's ARN is used: the markup never reaches the Region column.
  await expect(row).toContainText('us-east-1');
  await expect(row).not.toContainText(`us-east-1 ${PAYLOAD}`);
  await nothingRan(page, errors);
});
