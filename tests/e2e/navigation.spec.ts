// Navigation that never loses work. The view (open finding, filters, sort, group, the samples
// link) lives in the URL's fragment: browser Back from a finding shows the list with everything
// still loaded, Forward opens the finding again, a reload shows the same view (findings are in
// memory only: a finding the URL names opens once a load brings it), "Clear all" can be undone
// until the next load, and the browser asks before it unloads loaded findings.
import { expect, test } from '@playwright/test';
import { FindlensPage, fixture } from './pages/findlens-page';

/** The credentials fixture under another identity and title. */
function variant(n: number): string {
  const f = JSON.parse(fixture('credentials-long-term.json'));
  f.id = `nav-${n}`;
  f.arn = `arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/nav-${n}`;
  f.title = `Navigation variant ${n}`;
  return JSON.stringify(f);
}

test('Back from a finding returns to the list with everything loaded; Forward reopens it', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto('#samples');
  await expect(app.count).toHaveText('21 findings');
  await app.search.fill('EC2');
  const filtered = await app.count.textContent();
  expect(filtered).toMatch(/ of 21 findings$/);

  const row = app.rows.nth(1);
  const title = (await row.getByTestId('row-title').textContent()) ?? '';
  await row.click();
  await expect(app.findingView).toBeVisible();
  await expect(app.findingTitle).toHaveText(title);
  expect(await app.fragment()).toMatch(/^samples&finding=arn:aws:guardduty:[^&]+&q=EC2$/);

  await page.goBack();
  await expect(app.findingView).toHaveCount(0);
  await expect(app.count).toHaveText(filtered!);
  await expect(app.search).toHaveValue('EC2');
  await expect(app.row(title)).toBeVisible();
  expect(await app.fragment()).toBe('samples&q=EC2');

  await page.goForward();
  await expect(app.findingView).toBeVisible();
  await expect(app.findingTitle).toHaveText(title);

  // The page's own Back button steps back in the history like the browser's (it adds no entry),
  // so Forward reopens the finding; everything stays loaded.
  await app.backButton.click();
  await expect(app.findingView).toHaveCount(0);
  await expect.poll(() => app.fragment()).toBe('samples&q=EC2');
  await page.goForward();
  await expect(app.findingTitle).toHaveText(title);
  await app.backButton.click();
  await expect(app.findingView).toHaveCount(0);
  await expect(app.count).toHaveText(filtered!);
});

test('a reload restores the filters, sort and group from the URL, and the open finding once loaded', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto('#samples');
  await expect(app.count).toHaveText('21 findings');
  await page.getByTestId('band-high').click();
  await page.getByTestId('sort-type').click();
  await app.groupBy.selectOption('type');
  await app.search.fill('instance');
  await expect(app.sortHeader('type')).toHaveAttribute('aria-sort', 'ascending');
  const count = (await app.count.textContent())!;
  const groups = await app.groupRows.allTextContents();
  expect(groups.length).toBeGreaterThan(0);
  const fragment = await app.fragment();
  for (const part of ['samples', 'q=instance', 'sev=high', 'sort=type', 'dir=asc', 'group=type']) {
    expect(fragment.split('&')).toContain(part);
  }

  await page.reload();
  await expect(app.count).toHaveText(count);
  await expect(app.search).toHaveValue('instance');
  await expect(app.groupBy).toHaveValue('type');
  await expect(page.getByTestId('band-high')).toHaveAttribute('aria-pressed', 'true');
  await expect(app.sortHeader('type')).toHaveAttribute('aria-sort', 'ascending');
  expect(await app.groupRows.allTextContents()).toEqual(groups);
  expect(await app.fragment()).toBe(fragment);

  // The open finding comes back too: the samples link loads it again.
  const title = (await app.rows.first().getByTestId('row-title').textContent()) ?? '';
  await app.rows.first().click();
  await expect(app.findingTitle).toHaveText(title);
  await page.reload();
  await expect(app.findingTitle).toHaveText(title);
  // Back from it stays in the page, on the list as it was.
  await page.goBack();
  await expect(app.findingView).toHaveCount(0);
  await expect(app.count).toHaveText(count);
});

test('after a reload a finding that is not loaded is not open, and opens when a load brings it', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste([variant(1), variant(2)].join('\n'));
  await expect(app.count).toHaveText('2 findings');
  await app.openFinding('Navigation variant 2');
  expect(await app.fragment()).toContain('finding=arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/nav-2');

  await page.reload();
  await expect(app.findingView).toHaveCount(0);
  await expect(app.welcome).toBeVisible();
  await expect(app.linkNotLoaded).toBeVisible();

  await app.paste([variant(1), variant(2)].join('\n'));
  await expect(app.findingTitle).toHaveText('Navigation variant 2');
  await expect(app.linkNotLoaded).toHaveCount(0);
  await page.goBack();
  await expect(app.findingView).toHaveCount(0);
  await expect(app.count).toHaveText('2 findings');
});

test('Clear all can be undone until the next load', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto('#samples');
  await expect(app.count).toHaveText('21 findings');
  await app.groupBy.selectOption('scenario');
  await app.clearButton.click();
  await expect(app.welcome).toBeVisible();
  await expect(app.undoClear).toContainText('21 findings removed');
  expect(await app.fragment()).toBe('group=scenario');

  await app.undoClearButton.click();
  await expect(app.count).toHaveText('21 findings');
  await expect(app.undoClear).toHaveCount(0);
  await expect(app.welcome).toHaveCount(0);
  await expect(app.groupRows.first()).toBeVisible();
  expect(await app.fragment()).toBe('samples&group=scenario');

  // A new load ends the chance to undo.
  await app.clearButton.click();
  await expect(app.undoClearButton).toBeVisible();
  await app.paste(variant(1));
  await expect(app.findingView).toBeVisible();
  await app.toList();
  await expect(app.count).toHaveText('1 finding');
  await expect(app.undoClear).toHaveCount(0);
});

// The prompt is asked for by a navigation the page starts (a reload). `page.close({ runBeforeUnload:
// true })` raises no dialog event with this Chromium (156) even for a plain JavaScript handler, so
// it cannot tell a working handler from none.
test('the browser asks before unloading loaded findings, and Stay keeps them', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto('#samples');
  await expect(app.count).toHaveText('21 findings');
  // Browsers only prompt on a page the user has interacted with.
  await app.privacy.click();
  const dialog = page.waitForEvent('dialog');
  await page.evaluate(() => setTimeout(() => location.reload(), 0));
  const asked = await dialog;
  expect(asked.type()).toBe('beforeunload');
  await asked.dismiss();
  await page.waitForTimeout(300);
  await expect(app.count).toHaveText('21 findings');
});

test('nothing loaded, nothing to ask: the page unloads without a prompt', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.privacy.click();
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.type());
    await d.accept();
  });
  const reloaded = page.waitForEvent('load');
  await page.evaluate(() => setTimeout(() => location.reload(), 0));
  await reloaded;
  await expect(app.loadToggle).toBeVisible();
  expect(dialogs).toEqual([]);
});

test('in-page links scroll to their part of the page and keep the view in the URL and the history', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto('#samples');
  await expect(app.count).toHaveText('21 findings');
  await app.rows.first().click();
  await expect(app.findingView).toBeVisible();
  const view = await app.fragment();
  const entries = await page.evaluate(() => history.length);

  const raw = page.locator('#raw-heading');
  await expect(raw).not.toBeInViewport();
  await app.findingView.getByRole('link', { name: 'Raw JSON' }).click();
  await expect(raw).toBeInViewport();
  await app.findingView.getByRole('link', { name: 'What happened' }).click();
  await expect(page.locator('#what-happened')).toBeInViewport();
  // The fragment still names the open finding, and no entry was added for Back to step through.
  expect(await app.fragment()).toBe(view);
  expect(await page.evaluate(() => history.length)).toBe(entries);

  // The skip link moves the focus to the main content, and also keeps the view.
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await skip.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  expect(await app.fragment()).toBe(view);

  // A reload after following them opens the same finding, and Back still returns to the list.
  await page.reload();
  await expect(app.count).toHaveText('21 findings');
  await expect(app.findingView).toBeVisible();
  await page.goBack();
  await expect(app.findingView).toHaveCount(0);
  await expect(app.count).toHaveText('21 findings');
});
