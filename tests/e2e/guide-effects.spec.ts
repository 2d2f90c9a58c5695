// Every step shows its incident-response phase, and every command what running it does (read-only,
// reversible, destructive) as words and a symbol, never colour alone; destructive ones say what
// they destroy before they can be copied.
import { expect, test } from '@playwright/test';
import { FindlensPage } from './pages/findlens-page';

test('steps show their phase and commands their effect, with cautions on destructive ones', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.sampleButtons.filter({ hasText: 'command-and-control server' }).click();
  await expect(app.findingView).toBeVisible();

  const phases = app.findingView.getByTestId('step-phase');
  await expect(phases.first()).toBeVisible();
  const labels = await phases.allTextContents();
  expect(labels.length).toBeGreaterThan(3);
  for (const label of labels) {
    expect(['Understand and scope', 'Preserve evidence', 'Contain', 'Eradicate', 'Recover', 'Prevent recurrence and tune']).toContain(label.trim());
  }
  expect(labels.map((l) => l.trim())).toContain('Preserve evidence');

  const effects = app.findingView.getByTestId('command-effect');
  const words = (await effects.allTextContents()).map((t) => t.trim());
  expect(words.some((w) => w.includes('read-only'))).toBe(true);
  expect(words.some((w) => w.includes('destructive'))).toBe(true);

  // Each destructive command carries its caution, inside the same command block.
  const destructive = app.findingView.locator('[data-testid="command"].effect-destructive');
  const n = await destructive.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    await expect(destructive.nth(i).getByTestId('command-caution')).toContainText('What it destroys:');
  }
  // The terminate command comes after the snapshot in the page, as in the guide.
  const texts = await app.findingView.getByTestId('command-text').allTextContents();
  const snapshot = texts.findIndex((t) => t.includes('create-snapshots'));
  const terminate = texts.findIndex((t) => t.includes('terminate-instances'));
  expect(snapshot).toBeGreaterThanOrEqual(0);
  expect(terminate).toBeGreaterThan(snapshot);
});
