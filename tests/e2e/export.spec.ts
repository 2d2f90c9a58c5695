// "Export Markdown" downloads the guide with its checklist state, made in the page (a Blob URL):
// the file holds the finding's title, type, severity, each step with [x] or [ ], and the commands
// with the finding's values.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { FindlensPage, fixture } from './pages/findlens-page';

test('the Markdown export holds the guide and the ticks', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.guideSteps.first()).toBeVisible();
  const total = await app.stepChecks.count();
  await app.stepChecks.nth(0).check();
  await app.stepChecks.nth(1).check();
  const firstTitle = (await app.guideSteps.nth(0).locator('.step-title').textContent())!.trim();

  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const downloading = page.waitForEvent('download');
  await app.exportMarkdown.click();
  const download = await downloading;
  expect(download.url()).toMatch(/^blob:http:\/\/127\.0\.0\.1(:\d+)?\//);
  expect(download.suggestedFilename()).toBe('findlens-guide-e2b4a1f0c3d94c5e8f7a6b5c4d3e2f10.md');
  const md = readFileSync((await download.path())!, 'utf8');

  expect(md.startsWith('# API ListBuckets was invoked from an IP address on a custom threat list.')).toBe(true);
  expect(md).toContain('- **Type:** `UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom`');
  expect(md).toContain('- **Severity:** High 8.0');
  expect(md).toContain('`credentials`');
  expect(md.match(/^- \[x\] Done$/gm)).toHaveLength(2);
  expect(md.match(/^- \[ \] Not done yet$/gm)?.length).toBe(total - 2);
  expect(md).toContain(firstTitle.replace(/`/g, '').slice(0, 20).replace(/[<>*_[\]#|!\\]/g, ''));
  expect(md).toContain("'AKIAEXAMPLE1234567890'");
  // What happened comes before the guide, each row with its field path.
  expect(md).toContain('## What happened');
  expect(md.indexOf('## What happened')).toBeLessThan(md.indexOf('## Potentially compromised AWS credentials'));
  expect(md).toContain('(`service.action.awsApiCallAction.api`)');
  expect(md).toContain('```sh');
  // The export made no request: the Blob is local.
  expect(requests.filter((u) => !u.startsWith('blob:'))).toEqual([]);
});
