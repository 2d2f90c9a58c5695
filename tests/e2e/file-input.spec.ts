// Files chosen in the picker are read as bytes, whatever they hold: here a .json and a gzip'd
// JSON Lines file, chosen together. Each is its own load, and both loads' findings are shown.
import { expect, test } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { FindlensPage, fixture } from './pages/findlens-page';

test('a .json and a .jsonl.gz chosen together are both read', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();

  const longTerm = fixture('credentials-long-term.json');
  const temporary = JSON.stringify(JSON.parse(fixture('credentials-temporary.json')));
  const hostile = JSON.stringify(JSON.parse(fixture('hostile-strings.json')));
  const jsonLines = `${temporary}\n${hostile}\n`;

  await app.open([
    { name: 'one-finding.json', mimeType: 'application/json', buffer: Buffer.from(longTerm, 'utf8') },
    { name: 'export.jsonl.gz', mimeType: 'application/gzip', buffer: gzipSync(Buffer.from(jsonLines, 'utf8')) },
  ]);

  await expect(app.rows).toHaveCount(3);
  await expect(app.loadStatuses).toHaveCount(2);
  await expect(app.loadStatuses.filter({ hasText: 'one-finding.json' })).toContainText('1 finding read');
  await expect(app.loadStatuses.filter({ hasText: 'export.jsonl.gz' })).toContainText('2 findings read');
  await expect(app.row('API ListBuckets was invoked')).toHaveCount(1);
  await expect(app.row('ASIAEXAMPLE0987654321')).toHaveCount(1);
  await expect(app.row('Hostile title')).toHaveCount(1);
  await expect(app.problems).toHaveCount(0);
});
