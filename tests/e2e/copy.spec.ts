// "Copy" puts exactly the command's text on the clipboard and says so on the button.
import { expect, test } from '@playwright/test';
import { FindlensPage, fixture } from './pages/findlens-page';

test('Copy copies the command and shows "Copied"', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-long-term.json'));

  const command = app.commands.filter({ hasText: "'AKIAEXAMPLE1234567890'" }).first();
  const shown = await command.getByTestId('command-text').textContent();
  expect(shown).toContain("'AKIAEXAMPLE1234567890'");

  await command.getByTestId('copy-button').click();
  await expect(command.getByTestId('copy-button')).toHaveText(/Copied/);
  await expect(command.getByTestId('copy-status')).toHaveText(/Copied/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  // The confirmation goes away again.
  await expect(command.getByTestId('copy-button')).toHaveText('Copy', { timeout: 5000 });
});
