// Findings never leave the machine: the page loads only from where it is served (127.0.0.1), and
// once it has loaded (the document, the Wasm module, the app started) it makes no request at all,
// however it is used: loads of every kind, opening findings, ticking steps, copying, exporting
// Markdown. The strict CSP is never violated either.
import { expect, test, type Request } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { FindlensPage, fixture } from './pages/findlens-page';

test('every request goes to 127.0.0.1 and none is made once the app has loaded', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const requests: { url: string; afterLoad: boolean }[] = [];
  let loaded = false;
  page.on('request', (request: Request) => requests.push({ url: request.url(), afterLoad: loaded }));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

  const app = new FindlensPage(page);
  await app.goto();
  // The boundary is the app having loaded, not the document's load event: the Wasm module is
  // fetched by the start-up script, and nothing orders that fetch before `load`. Up, then 500 ms
  // without a connection: from here on, nothing may be fetched.
  await page.waitForLoadState('networkidle');
  loaded = true;

  // Every way in.
  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.guideSteps.first()).toBeVisible();
  await app.paste(fixture('credentials-temporary.json'));
  // A load is read in steps after the click: wait for it to be reported and its finding opened,
  // or the next paste's "back to the list" runs before that finding opens over it.
  await expect(app.loadStatuses).toHaveCount(2);
  await expect(app.findingView).toBeVisible();
  await app.paste('{"type": "X",\n  "id": }');
  await expect(app.problems).toHaveCount(1);
  await app.open([
    { name: 'export.jsonl.gz', mimeType: 'application/gzip', buffer: gzipSync(Buffer.from(fixture('hostile-strings.json').replace(/\n/g, ''))) },
  ]);
  await expect(app.loadStatuses).toHaveCount(4);
  await app.drop([{ name: 'dropped.json', mimeType: 'application/json', buffer: Buffer.from(fixture('credentials-long-term.json')) }]);
  await expect(app.loadStatuses).toHaveCount(5);
  await app.openInputs();
  await app.loadSamplesButton.click();
  await expect(app.count).toHaveText('24 findings');

  // Everything a finding offers.
  const view = await app.openFinding('UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom');
  await app.stepChecks.first().check();
  await view.getByTestId('zone-local').check();
  await app.rawTree.getByTestId('raw-toggle').click();
  await app.rawTree.getByTestId('json-toggle').first().click();
  await app.rawTree.getByTestId('copy-path').first().click();
  await app.copyButtons.first().click();
  const download = page.waitForEvent('download');
  await app.exportMarkdown.click();
  await (await download).path();
  await app.toList();
  await app.search.fill('bucket');
  await app.page.getByTestId('sort-type').click();
  await expect(app.privacy).toHaveText(/Your findings never leave this machine\./);
  // Give anything asynchronous (a lazy font, an image, a beacon) time to show up.
  await page.waitForTimeout(500);

  expect(requests.length).toBeGreaterThan(0);
  for (const { url } of requests) {
    const parsed = new URL(url);
    expect(['http:', 'https:'], `${url} uses another scheme`).toContain(parsed.protocol);
    expect(parsed.hostname, `${url} leaves this machine`).toBe('127.0.0.1');
  }
  expect(requests.filter((r) => r.afterLoad).map((r) => r.url)).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
});
