// The finding view: the header with the type's meaning and times in UTC or local time, what
// happened in the console's sections, and the raw JSON as a tree whose values and field paths
// (dotted camelCase, as GuardDuty's filter criteria spell them) can be copied. Printing shows the
// guide alone.
import { expect, test } from '@playwright/test';
import { FindlensPage, fixture } from './pages/findlens-page';

/** The fixture with every key in PascalCase, as some exports write findings. */
function pascalCase(): string {
  const up = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(up);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k[0].toUpperCase() + k.slice(1), up(x)]));
    return v;
  };
  return JSON.stringify(up(JSON.parse(fixture('credentials-long-term.json'))));
}

test('header, what happened, and times in UTC or local time', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-long-term.json'));
  const view = app.findingView;
  await expect(view.getByTestId('type-summary')).not.toBeEmpty();
  await expect(view.getByTestId('finding-meta')).toContainText('123456789012');
  await expect(view.getByTestId('finding-meta')).toContainText('us-east-1');
  await expect(view.getByTestId('finding-time').first()).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
  await view.getByTestId('zone-local').check();
  await expect(view.getByTestId('finding-time').first()).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC[+-]\d\d:\d\d\)$/);
  await view.getByTestId('zone-utc').check();
  await expect(view.getByTestId('finding-time').first()).toHaveText(/UTC$/);

  await expect(view.getByTestId('details-resource')).toContainText('AKIAEXAMPLE1234567890');
  await expect(view.getByTestId('details-action')).toContainText('ListBuckets');
  await expect(view.getByTestId('details-actor')).toContainText('198.51.100.23');
});

test('every scenario sample opens with its sections', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto('#samples');
  await expect(app.count).toHaveText('21 findings');
  for (const [row, sections] of [
    ['DefenseEvasion:Runtime/KernelModuleLoaded', ['resource', 'runtime']],
    ['PrivilegeEscalation:Kubernetes', ['resource', 'kubernetes', 'action']],
    ['AttackSequence:S3/CompromisedData', ['detection']],
    ['Recon:EC2/PortProbeUnprotectedPort', ['action', 'resource']],
    ['CredentialAccess:RDS', ['action', 'resource']],
    ['Backdoor:Runtime/C&CActivity.B!DNS', ['runtime', 'action']],
  ] as const) {
    await test.step(row, async () => {
    await app.openFinding(row);
    for (const s of sections) await expect(app.findingView.getByTestId(`details-${s}`), `${row}: ${s}`).toBeVisible();
    await expect(app.guideSteps.first()).toBeVisible();
    });
  }
});

test('the raw JSON tree copies values and camelCase field paths', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new FindlensPage(page);
  await app.goto();
  for (const json of [fixture('credentials-long-term.json'), pascalCase()]) {
    await app.paste(json);
    const tree = app.rawTree;
    await expect(tree.getByTestId('json-node')).toHaveCount(0);
    await tree.getByTestId('raw-toggle').click();
    for (const path of ['service', 'service.action', 'service.action.awsApiCallAction', 'service.action.awsApiCallAction.remoteIpDetails']) {
      await tree.locator(`[data-testid="json-node"][data-path="${path}"] > [data-testid="json-toggle"]`).click();
    }
    const ip = tree.locator('[data-testid="json-node"][data-path="service.action.awsApiCallAction.remoteIpDetails.ipAddressV4"]');
    await expect(ip.getByTestId('json-value')).toHaveText('"198.51.100.23"');
    await ip.getByTestId('copy-path').click();
    await expect(tree.getByTestId('raw-copy-status')).toContainText('Copied the path');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('service.action.awsApiCallAction.remoteIpDetails.ipAddressV4');
    await ip.getByTestId('copy-value').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('198.51.100.23');
    // An object copies as JSON; list indices are not part of a path.
    const remote = tree.locator('[data-testid="json-node"][data-path="service.action.awsApiCallAction.remoteIpDetails"]');
    await remote.locator(':scope > .json-actions [data-testid="copy-value"]').click();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    expect(copied.ipAddressV4 ?? copied.IpAddressV4).toBe('198.51.100.23');
    await app.toList();
  }
});

test('printing shows the guide alone', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(fixture('credentials-long-term.json'));
  await expect(app.guideSteps.first()).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('guide-panel')).toBeVisible();
  await expect(app.guideSteps.first()).toBeVisible();
  for (const id of ['privacy', 'back-button', 'finding-meta', 'details', 'raw-tree', 'export-markdown', 'paste-box', 'theme-select']) {
    await expect(page.getByTestId(id), `${id} is not printed`).toBeHidden();
  }
  await expect(page.locator('.print-head')).toContainText('UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom');
  await expect(page.locator('header.masthead')).toBeHidden();
  await expect(page.locator('footer')).toBeHidden();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.length).toBeGreaterThan(10_000);
});
