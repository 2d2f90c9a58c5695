// Ticked steps are saved in localStorage under one key, per finding and stable step id: they come
// back after a reload (once the finding is loaded again: findings themselves stay in the tab), and
// the list shows each finding's progress. A damaged or foreign saved value shows a notice and
// changes nothing else.
import { expect, test } from '@playwright/test';
import { FindlensPage, PROGRESS_KEY, fixture } from './pages/findlens-page';

const ARN = 'arn:aws:guardduty:us-east-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0/finding/e2b4a1f0c3d94c5e8f7a6b5c4d3e2f10';

test('ticks survive a reload and show in the list', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.guideSteps.first()).toBeVisible();
  const total = await app.stepChecks.count();
  expect(total).toBeGreaterThan(3);
  await app.stepChecks.nth(0).check();
  await app.stepChecks.nth(2).check();
  await expect(app.guideProgress).toHaveText(`2 of ${total} steps done`);
  await expect(app.guideSteps.nth(0)).toHaveClass(/done/);
  const ids = await app.guideSteps.evaluateAll((steps) =>
    steps.filter((s) => (s.querySelector('input[type=checkbox]') as HTMLInputElement).checked).map((s) => s.getAttribute('data-step-id')),
  );

  const saved = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY))!);
  expect(saved.findlens_progress).toBe(1);
  expect(saved.done[ARN]).toEqual([...ids].sort());

  await app.toList();
  await expect(app.rows.first().getByTestId('row-progress')).toHaveText(`2/${total} steps done`);

  // Reload: the tab forgets the findings, not the ticks.
  await page.reload();
  await expect(app.welcome).toBeVisible();
  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.guideSteps.first()).toBeVisible();
  await expect(app.stepChecks.nth(0)).toBeChecked();
  await expect(app.stepChecks.nth(1)).not.toBeChecked();
  await expect(app.stepChecks.nth(2)).toBeChecked();
  await expect(app.guideProgress).toHaveText(`2 of ${total} steps done`);

  // Unticking is saved too.
  await app.stepChecks.nth(0).uncheck();
  await page.reload();
  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.stepChecks.nth(2)).toBeChecked();
  await expect(app.stepChecks.nth(0)).not.toBeChecked();
});

for (const [what, stored, words] of [
  ['damaged', '{"findlens_progress": 1, "done": {', /damaged/],
  ['foreign', '[1, 2, 3]', /not Findlens progress/],
  ['newer', '{"findlens_progress": 99, "done": {}}', /newer Findlens/],
] as const) {
  test(`a ${what} saved value shows a notice and the page works`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const app = new FindlensPage(page);
    await app.goto();
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [PROGRESS_KEY, stored]);
    await page.reload();

    await expect(app.progressNotice).toBeVisible();
    await expect(app.progressNotice).toContainText(words);
    await app.paste(fixture('credentials-long-term.json'));
    await expect(app.guideSteps.first()).toBeVisible();
    await expect(app.stepChecks.first()).not.toBeChecked();
    await app.stepChecks.first().check();
    await expect(app.guideProgress).toHaveText(/^1 of/);
    const after = await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY);
    if (what === 'newer') {
      // A newer Findlens's progress is left as it was.
      expect(after).toBe(stored);
    } else {
      expect(JSON.parse(after!).done[ARN]).toHaveLength(1);
    }
    await app.page.getByTestId('dismiss-notice').click();
    await expect(app.progressNotice).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}
