// Screenshots of the main views for the docs, made on purpose with `cargo xtask screenshots` (never by
// the test run): docs/screenshot.png (the README's: a finding with its
// guide, light, 1280×900) and docs/screenshots/{empty,list,finding}-{light,dark}.png.
import { expect, test, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { FindlensPage } from '../e2e/pages/findlens-page';

test.use({ viewport: { width: 1280, height: 900 } });

/** The repository's docs folder: the folder above the one holding playwright.config.ts. */
function docs(testInfo: TestInfo): string {
  const configFile = testInfo.config.configFile ?? path.join(__dirname, '..', 'playwright.config.ts');
  return path.resolve(path.dirname(configFile), '..', 'docs');
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshots of the main views (${colorScheme})`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    const shots = path.join(docs(testInfo), 'screenshots');
    mkdirSync(shots, { recursive: true });
    const app = new FindlensPage(page);
    await app.goto();
    await expect(app.welcome).toBeVisible();
    await page.screenshot({ path: path.join(shots, `empty-${colorScheme}.png`), animations: 'disabled' });

    await app.welcomeLoadAll.click();
    await expect(app.count).toHaveText('21 findings');
    await app.table.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: path.join(shots, `list-${colorScheme}.png`), animations: 'disabled' });

    await app.openFinding('API DescribeInstances was invoked from a Tor exit node');
    await expect(app.guideSteps.first()).toBeVisible();
    await app.stepChecks.nth(0).check();
    await app.stepChecks.nth(1).check();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shots, `finding-${colorScheme}.png`), animations: 'disabled' });
    if (colorScheme === 'light') {
      await page.screenshot({ path: path.join(docs(testInfo), 'screenshot.png'), animations: 'disabled' });
    }
  });
}
