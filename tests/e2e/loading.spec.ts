// Every way in: paste anywhere on the page, the paste box, several files at once (one gzip), files
// dropped on the window, and the built-in samples (welcome panel, Samples control, `#samples`).
// Each load adds to the session, reports per input what it read, what was a duplicate and what it
// skipped and why; the same finding loaded twice is shown once.
import { expect, test } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { FindlensPage, fixture, type PickedFile } from './pages/findlens-page';

const oneLine = (name: string) => JSON.stringify(JSON.parse(fixture(name)));

test('Ctrl+V on the page (outside a text field) loads the clipboard', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  // In a browser the page speaks of its tab (the desktop window says "this window").
  await expect(page.locator('footer')).toContainText('Loaded findings stay in this tab only: a reload or closing the tab forgets them');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  // The paste event a Ctrl+V fires, with the clipboard's text.
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, fixture('credentials-long-term.json'));
  await expect(app.findingView).toBeVisible();
  await expect(app.findingView.getByTestId('finding-type')).toHaveText('UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom');
  await expect(app.loadStatuses.first()).toContainText('Pasted text');
  await expect(app.loadStatuses.first()).toContainText('1 finding read');

  // A paste into a text field stays there: the search box does not load what is pasted.
  await app.toList();
  await app.search.focus();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', '{"type":"Recon:EC2/Portscan","id":"x"}');
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await page.waitForTimeout(200);
  await expect(app.loadStatuses).toHaveCount(1);
});

test('several files at once, one of them gzip, each reported with its problems and skips', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  const event = JSON.stringify({ 'detail-type': 'AWS API Call via CloudTrail', id: 'evt-1', detail: {} });
  const jsonLines = `${oneLine('credentials-temporary.json')}\n{"type": "X", "id": }\n${event}\n${oneLine('hostile-strings.json')}\n`;
  const files: PickedFile[] = [
    { name: 'one-finding.json', mimeType: 'application/json', buffer: Buffer.from(fixture('credentials-long-term.json')) },
    { name: 'export.jsonl.gz', mimeType: 'application/gzip', buffer: gzipSync(Buffer.from(jsonLines)) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('these are not findings') },
  ];
  await app.open(files);

  await expect(app.loadStatuses).toHaveCount(3);
  await expect(app.count).toHaveText('3 findings');
  const gz = app.loadStatuses.filter({ hasText: 'export.jsonl.gz' });
  await expect(gz).toContainText('2 findings read (gzip)');
  await expect(gz).toContainText('1 item skipped');
  await expect(gz).toContainText('1 problem');
  await expect(gz.getByTestId('problem-item')).toContainText('line 2');
  await expect(gz.getByTestId('problem-item')).toContainText('column');
  await expect(gz.getByTestId('load-note')).toContainText('AWS API Call via CloudTrail');
  await expect(app.loadStatuses.filter({ hasText: 'one-finding.json' })).toContainText('1 finding read');
  const txt = app.loadStatuses.filter({ hasText: 'notes.txt' });
  await expect(txt).toContainText('Not loaded');
  await expect(txt.getByTestId('problem-item')).toContainText('line 1');
});

test('files dropped on the window are loaded, with a drop zone while dragging', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await expect(app.dropZone).toBeHidden();
  const transfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{}'], 'x.json', { type: 'application/json' }));
    return dt;
  });
  await page.locator('main').dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(app.dropZone).toBeVisible();
  await expect(app.dropZone).toContainText('Drop files to load them');
  await page.locator('main').dispatchEvent('dragleave', { dataTransfer: transfer });
  await expect(app.dropZone).toBeHidden();

  await app.drop([
    { name: 'a.json', mimeType: 'application/json', buffer: Buffer.from(fixture('credentials-long-term.json')) },
    { name: 'b.jsonl.gz', mimeType: 'application/gzip', buffer: gzipSync(Buffer.from(`${oneLine('credentials-temporary.json')}\n${oneLine('hostile-strings.json')}\n`)) },
  ]);
  await expect(app.dropZone).toBeHidden();
  await expect(app.loadStatuses).toHaveCount(2);
  await expect(app.loadStatuses.filter({ hasText: 'a.json' })).toContainText('1 finding read');
  await expect(app.loadStatuses.filter({ hasText: 'b.jsonl.gz' })).toContainText('2 findings read (gzip)');
  await expect(app.count).toHaveText('3 findings');
});

test('the same finding loaded twice is shown once, the newer copy kept', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  const older = JSON.parse(fixture('credentials-long-term.json'));
  const newer = { ...older, updatedAt: '2026-12-01T00:00:00.000Z', title: 'The newer copy' };
  const stale = { ...older, updatedAt: '2020-01-01T00:00:00.000Z', title: 'A stale copy' };
  await app.paste(JSON.stringify(older));
  await app.paste(JSON.stringify([newer, stale]));
  await app.toList();
  await expect(app.count).toHaveText('1 finding');
  await expect(app.rows).toHaveCount(1);
  await expect(app.rows.first()).toContainText('The newer copy');
  await expect(app.loadStatuses.first()).toContainText('2 findings read; 2 were already loaded (shown once; the newer copy is kept)');
  // A later load of the same file changes nothing but says so. It reads exactly one finding, so it
  // opens it (the newer copy that is kept): wait for that before going back to the list.
  await app.paste(JSON.stringify(stale));
  await expect(app.findingView).toBeVisible();
  await expect(app.findingView.getByTestId('finding-title')).toHaveText('The newer copy');
  await app.toList();
  await expect(app.rows.first()).toContainText('The newer copy');
  await expect(app.loadStatuses.first()).toContainText('1 was already loaded');
});

test('the welcome panel lists every sample by scenario, and each opens its guide', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await expect(app.welcome).toBeVisible();
  await expect(app.sampleButtons).toHaveCount(21);
  await expect(app.welcome.locator('h3')).toHaveCount(17);
  for (const key of ['ec2-instance', 's3-bucket', 'malware-s3', 'credentials', 'eks-runtime', 'rds', 'lambda', 'attack-sequence']) {
    await expect(app.welcome.locator('code', { hasText: new RegExp(`^${key}$`) })).toHaveCount(1);
  }
  await app.sampleButtons.filter({ hasText: 'Kernel module (rootkit)' }).click();
  await expect(app.findingView).toBeVisible();
  await expect(app.findingView.getByTestId('finding-type')).toHaveText('DefenseEvasion:Runtime/KernelModuleLoaded');
  await expect(app.findingView.locator('.chip', { hasText: 'ec2-runtime' })).toHaveCount(1);
  await expect(app.guideSteps.first()).toBeVisible();
  await expect(app.loadStatuses.first()).toContainText('Sample ec2-runtime');

  // The welcome panel is for an empty workspace only; the Samples control loads the rest.
  await app.toList();
  await expect(app.welcome).toHaveCount(0);
  await app.openInputs();
  await app.sampleSelect.selectOption('');
  await app.loadSamplesButton.click();
  await expect(app.count).toHaveText('21 findings');
  await expect(app.loadStatuses.first()).toContainText('21 findings read; 1 was already loaded');
  await expect(app.rows.first().getByTestId('flag-sample')).toBeVisible();
});

test('#samples in the URL loads every sample at start', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto('#samples');
  await expect(app.count).toHaveText('21 findings');
  await expect(app.loadStatuses).toHaveCount(1);
  await expect(app.loadStatuses.first()).toContainText('Samples');
  await expect(app.loadStatuses.first()).toContainText('21 findings read.');
});
