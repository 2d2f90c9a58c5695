// A pasted credentials finding gets its guide, filled in with the finding's own access key, and the
// guide reads the key for what it is: AKIA… long-term, ASIA… temporary.
import { expect, test } from '@playwright/test';
import { FindlensPage, fixture } from './pages/findlens-page';

test('a long-term access key (AKIA…) is named in the guide as long-term', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-long-term.json'));

  await app.toList();
  await expect(app.row('UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom')).toHaveCount(1);
  const card = await app.openFinding('UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom');
  await expect(card.getByTestId('finding-type')).toHaveText('UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom');
  await expect(card.getByTestId('severity').first()).toContainText('High 8.0');
  await expect(card.getByTestId('guide-step').first()).toBeVisible();
  await expect(card).toContainText('AKIAEXAMPLE1234567890');
  await expect(card).toContainText('long-term');
  // The key is filled into a command, marked as a value from the finding.
  await expect(card.getByTestId('command').locator('.seg-value', { hasText: 'AKIAEXAMPLE1234567890' }).first()).toBeVisible();
  await expect(app.loadStatuses.first()).toContainText('1 finding read');
});

test('a temporary access key (ASIA…) is named in the guide as temporary', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-temporary.json'));

  const card = await app.openFinding('ASIAEXAMPLE0987654321');
  await expect(app.rows).toHaveCount(1);
  await expect(card.getByTestId('guide-step').first()).toBeVisible();
  await expect(card).toContainText('temporary');
  await expect(card.getByTestId('command').locator('.seg-value', { hasText: 'ASIAEXAMPLE0987654321' }).first()).toBeVisible();
});
