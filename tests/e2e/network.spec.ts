// Findings never leave the machine: the page loads only from where it is served (127.0.0.1), and
// after its load event it makes no request at all, however it is used.
import { expect, test, type Request } from '@playwright/test';
import { FindlensPage, fixture } from './pages/findlens-page';

test('every request goes to 127.0.0.1 and none is made after the load event', async ({ page }) => {
  const requests: { url: string; afterLoad: boolean }[] = [];
  let loaded = false;
  page.on('request', (request: Request) => requests.push({ url: request.url(), afterLoad: loaded }));
  page.on('load', () => {
    loaded = true;
  });

  const app = new FindlensPage(page);
  await app.goto();
  await page.waitForLoadState('load');
  expect(loaded).toBe(true);

  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.guideSteps.first()).toBeVisible();
  await app.paste(fixture('credentials-temporary.json'));
  await expect(app.findingCards).toHaveCount(2);
  await app.paste('{"type": "X",\n  "id": }');
  await expect(app.problems).toHaveCount(1);
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
});
