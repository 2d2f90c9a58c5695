// The findings list: sort by any column (header click, aria-sort), filter by severity band,
// scenario, resource kind, account, Region, archived and free text, and group by scenario, type or
// resource. Severity shows as a word and a number.
import { expect, test, type Locator } from '@playwright/test';
import { FindlensPage, fixture } from './pages/findlens-page';

/** The credentials fixture with a different identity and some fields changed. */
function variant(n: number, changes: Record<string, unknown>, service: Record<string, unknown> = {}): string {
  const f = JSON.parse(fixture('credentials-long-term.json'));
  f.id = `variant-${n}`;
  f.arn = `arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/variant-${n}`;
  Object.assign(f, changes);
  Object.assign(f.service, service);
  return JSON.stringify(f);
}

async function cellTexts(rows: Locator, testId: string): Promise<string[]> {
  return rows.getByTestId(testId).allTextContents();
}

test.describe('with the samples and a few crafted findings', () => {
  let app: FindlensPage;

  test.beforeEach(async ({ page }) => {
    app = new FindlensPage(page);
    await app.goto('#samples');
    await expect(app.count).toHaveText('21 findings');
    const crafted = [
      variant(1, { accountId: '444455556666', region: 'ap-southeast-2', severity: 2, title: 'Crafted low in Sydney' }),
      variant(2, { accountId: '444455556666', region: 'eu-central-1', severity: 5.5, title: 'Crafted archived one' }, { archived: true, count: 999 }),
    ].join('\n');
    await app.paste(crafted);
    await expect(app.count).toHaveText('23 findings');
  });

  test('severity is a word and a number; sorting by a header sets aria-sort', async ({ page }) => {
    const severityHeader = page.locator('th', { has: page.getByTestId('sort-severity') });
    await expect(severityHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(app.rows.first().getByTestId('severity')).toHaveText(/Critical 9\.3/);

    await page.getByTestId('sort-severity').click();
    await expect(severityHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(app.rows.first().getByTestId('severity')).toHaveText(/Low 2\.0/);

    await page.getByTestId('sort-count').click();
    await expect(severityHeader).toHaveAttribute('aria-sort', 'none');
    await expect(page.locator('th', { has: page.getByTestId('sort-count') })).toHaveAttribute('aria-sort', 'descending');
    expect((await cellTexts(app.rows, 'row-count')).slice(0, 3)).toEqual(['999', '214', '112']);

    await page.getByTestId('sort-region').click();
    await expect(page.locator('th', { has: page.getByTestId('sort-region') })).toHaveAttribute('aria-sort', 'ascending');
    await expect(app.rows.first()).toContainText('ap-southeast-2');
    await page.getByTestId('sort-region').click();
    await expect(app.rows.first()).toContainText('us-west-2');

    await page.getByTestId('sort-type').click();
    const types = await cellTexts(app.rows, 'row-type');
    expect(types[0]).toBe('AttackSequence:S3/CompromisedData');
    expect([...types].sort()).toEqual(types);

    await page.getByTestId('sort-flags').click();
    await expect(app.rows.first().getByTestId('flag-archived')).toBeVisible();
  });

  test('filters by band, scenario, resource, account, Region, archived and text combine', async ({ page }) => {
    await page.getByTestId('band-critical').click();
    await expect(page.getByTestId('band-critical')).toHaveAttribute('aria-pressed', 'true');
    await expect(app.count).toHaveText('1 of 23 findings');
    await expect(app.rows.first()).toContainText('AttackSequence:S3/CompromisedData');
    await page.getByTestId('band-low').click();
    await expect(app.count).toHaveText('2 of 23 findings');
    await app.resetFilters.click();
    await expect(app.count).toHaveText('23 findings');

    await page.getByTestId('filter-scenario').selectOption('rds');
    await expect(app.count).toHaveText('1 of 23 findings');
    await expect(app.rows.first()).toContainText('CredentialAccess:RDS');
    await page.getByTestId('filter-scenario').selectOption('');

    await page.getByTestId('filter-resource').selectOption('RecoveryPoint');
    await expect(app.count).toHaveText('2 of 23 findings');
    await page.getByTestId('filter-resource').selectOption('');

    await page.getByTestId('filter-account').selectOption('444455556666');
    await expect(app.count).toHaveText('2 of 23 findings');
    await page.getByTestId('filter-region').selectOption('ap-southeast-2');
    await expect(app.count).toHaveText('1 of 23 findings');
    await expect(app.rows.first()).toContainText('Crafted low in Sydney');
    await app.resetFilters.click();

    await page.getByTestId('filter-archived').selectOption('only');
    await expect(app.count).toHaveText('1 of 23 findings');
    await expect(app.rows.first()).toContainText('Crafted archived one');
    await page.getByTestId('filter-archived').selectOption('hide');
    await expect(app.count).toHaveText('22 of 23 findings');
    await page.getByTestId('filter-archived').selectOption('');

    // Free text: every word must match, in any field the list shows.
    await app.search.fill('toripcaller describeinstances');
    await expect(app.count).toHaveText('1 of 23 findings');
    await expect(app.rows.first()).toContainText('UnauthorizedAccess:IAMUser/TorIPCaller');
    await app.search.fill('bucket example');
    await expect(app.rows.first()).toContainText('bucket example');
    await app.search.fill('no-such-thing-anywhere');
    await expect(app.count).toHaveText('0 of 23 findings');
    await expect(page.getByTestId('no-match')).toBeVisible();
    await page.getByTestId('no-match').getByRole('button', { name: 'Reset filters' }).click();
    await expect(app.count).toHaveText('23 findings');
    await expect(app.search).toHaveValue('');
  });

  test('group by scenario, type or resource', async ({ page }) => {
    await app.groupBy.selectOption('scenario');
    // Groups come in the order of their first finding (the most severe first).
    await expect(app.groupRows.first()).toContainText('Attack sequence (Extended Threat Detection)');
    await expect(app.groupRows.first()).toContainText('1 finding');
    // The finding follows its group's heading.
    await expect(page.locator('[data-testid="group-row"] + [data-testid="finding-row"]').first()).toContainText('AttackSequence:S3/CompromisedData');
    await page.getByTestId('filter-scenario').selectOption('credentials');
    await expect(app.groupRows.filter({ hasText: 'Potentially compromised AWS credentials' })).toContainText('4 findings');
    await page.getByTestId('filter-scenario').selectOption('');
    await app.groupBy.selectOption('type');
    // Only the rows in view are in the page: narrow the list to the two crafted findings.
    await app.search.fill('crafted');
    await expect(app.groupRows).toHaveCount(1);
    await expect(app.groupRows.filter({ hasText: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom' })).toContainText('2 findings');
    await app.groupBy.selectOption('resource');
    await expect(app.groupRows).toHaveCount(1);
    await expect(app.groupRows.first()).toContainText('AKIAEXAMPLE1234567890');
    await app.groupBy.selectOption('none');
    await expect(app.groupRows).toHaveCount(0);
  });
});

test('a finding opened from the list and back keeps the list as it was', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto('#samples');
  await expect(app.count).toHaveText('21 findings');
  await app.search.fill('malicious');
  const before = await app.count.textContent();
  await app.rows.nth(1).click();
  await expect(app.findingView).toBeVisible();
  await app.backButton.click();
  await expect(app.count).toHaveText(before!);
  await expect(app.search).toHaveValue('malicious');
  await expect(app.rows.nth(1)).toHaveAttribute('aria-selected', 'true');
});
