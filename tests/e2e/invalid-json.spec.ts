// Invalid JSON is reported with where it broke (line and column), and nothing shown before is lost.
import { expect, test } from '@playwright/test';
import { FindlensPage, fixture } from './pages/findlens-page';

test('invalid JSON shows a problem with its line and column, and keeps earlier findings', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-long-term.json'));
  await app.toList();
  await expect(app.rows).toHaveCount(1);

  await app.paste('{"type": "X",\n  "id": }');

  const problem = app.status.getByTestId('problem-item');
  await expect(problem).toHaveCount(1);
  await expect(problem).toContainText('line 2');
  await expect(problem).toContainText('column');
  // The status region is announced to screen readers.
  await expect(app.status).toHaveAttribute('role', 'status');
  // A later error never removes what an earlier load showed.
  await expect(app.rows).toHaveCount(1);
  // What the analyst typed stays, so it can be fixed.
  await expect(app.pasteBox).toHaveValue('{"type": "X",\n  "id": }');
});

test('an empty paste says so', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste('   \n ');
  await expect(app.loadStatuses.first()).toContainText('empty');
  await expect(app.rows).toHaveCount(0);
});
