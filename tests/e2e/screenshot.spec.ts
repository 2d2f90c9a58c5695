// The README's screenshot: the page with a guide shown, light mode, 1280×900.
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { FindlensPage, fixture } from './pages/findlens-page';

test.use({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });

test('screenshot of a guide for docs/screenshot.png', async ({ page }, testInfo) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.guideSteps.first()).toBeVisible();

  // The repository root is the folder above the one holding playwright.config.ts.
  const configFile = testInfo.config.configFile ?? path.join(__dirname, '..', 'playwright.config.ts');
  const docs = path.resolve(path.dirname(configFile), '..', 'docs');
  mkdirSync(docs, { recursive: true });
  await page.screenshot({ path: path.join(docs, 'screenshot.png'), animations: 'disabled' });
});
