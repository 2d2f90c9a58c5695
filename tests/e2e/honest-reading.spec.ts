// Forgiving but honest reading on the page: a placeholder identifier (`null`, `None`) becomes a
// blank to fill, never a command on `null`; a number where text belongs is read as its text (the
// ASN -1 is shown); an ID that differs from its ARN and a short account ID are said. The page's
// warnings and the guide's notes say the same words (the core's), so the CLI, the page and the
// guide agree.
import { expect, type Locator, test } from '@playwright/test';
import { FindlensPage, coreFixture } from './pages/findlens-page';

const TOR_TITLE = 'API calls from a Tor exit node with a placeholder key';
const ASFF_TITLE = 'Security Hub finding whose access key resource ID is null';

/** The warnings box's items as `path: message`, and the guide's notes, as the page shows them. */
async function warningsAndNotes(card: Locator): Promise<{ warnings: string[]; notes: string[] }> {
  const warnings = await card.getByTestId('finding-warnings').locator('li').allTextContents();
  const notes = await card.getByTestId('guide-note').allTextContents();
  return { warnings: warnings.map((w) => w.trim()), notes };
}

test('placeholders, numbers read as text and disagreements are said in the same words everywhere', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(coreFixture('honest-reading.json'));
  await expect(app.loadStatuses.first()).toContainText('2 findings read');

  const card = await app.openFinding(TOR_TITLE);
  const box = card.getByTestId('finding-warnings');
  // The core's `…` are set as code, as in the guide: no backtick is shown.
  await expect(box).toContainText('resource.accessKeyDetails.accessKeyId: null is a placeholder, not an identifier; treated as missing');
  await expect(box.locator('li code.inline-code', { hasText: /^null$/ }).first()).toBeVisible();
  await expect(box).toContainText('resource.accessKeyDetails.userName: None is a placeholder');
  await expect(box).toContainText('organization.asn: expected text, found a number; read it as text');
  await expect(box).toContainText("id: honest-id-in-body differs from the finding ID in the finding's ARN (honest-id-in-arn)");
  await expect(box).toContainText('12345678901 is not 12 digits');
  await expect(box).not.toContainText('`');

  // Every warning is in the guide's notes, word for word.
  const { warnings, notes } = await warningsAndNotes(card);
  expect(warnings).toHaveLength(6);
  for (const words of warnings) {
    expect(notes.some((n) => n.includes(`Read with a warning: ${words}`)), `${words} not in the notes: ${notes.join(' | ')}`).toBe(true);
  }
  expect(notes.some((n) => n.includes('set aside'))).toBe(false);

  // The placeholders are blanks to fill, not values in commands.
  const commands = (await app.commands.allTextContents()).join('\n');
  expect(commands).not.toContain('AttributeValue=null');
  expect(commands).not.toContain("'None'");
  await expect(card.getByTestId('command').locator('.seg-missing', { hasText: 'lookup-attribute' }).first()).toBeVisible();
  await expect(card.getByTestId('command').locator('.seg-missing', { hasText: 'user-name' }).first()).toBeVisible();
  await expect(card).not.toContainText('does not start with AKIA');

  // The ASN read from a number is shown, with its reading.
  await expect(app.details).toContainText('Example Transit (ASN -1: none known)');
});

test("Security Hub's AWS::IAM::AccessKey:null is a missing key, not a key named null", async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(coreFixture('honest-reading.json'));

  const card = await app.openFinding(ASFF_TITLE);
  await expect(card.getByTestId('finding-warnings')).toContainText(
    'resource.accessKeyDetails.accessKeyId: null is a placeholder, not an identifier; treated as missing',
  );
  const commands = (await app.commands.allTextContents()).join('\n');
  expect(commands).not.toContain('AttributeValue=null');
  await expect(card.getByTestId('command').locator('.seg-missing', { hasText: 'lookup-attribute' }).first()).toBeVisible();
  await expect(card.getByTestId('guide-note').filter({ hasText: 'Read with a warning: resource.accessKeyDetails.accessKeyId' })).toHaveCount(1);
});
