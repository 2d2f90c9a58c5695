// The Findlens page as the specs see it: every element by its data-testid, so the specs do not
// depend on wording or layout.
import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A file to hand to the file picker: a name and its bytes. */
export interface PickedFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** The text of a fixture under e2e/fixtures/. */
export function fixture(name: string): string {
  return readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
}

export class FindlensPage {
  readonly page: Page;
  readonly pasteBox: Locator;
  readonly showButton: Locator;
  readonly fileInput: Locator;
  readonly clearButton: Locator;
  readonly status: Locator;
  readonly loadStatuses: Locator;
  readonly problems: Locator;
  readonly findingCards: Locator;
  readonly guideSteps: Locator;
  readonly commands: Locator;
  readonly copyButtons: Locator;
  readonly privacy: Locator;

  constructor(page: Page) {
    this.page = page;
    this.pasteBox = page.getByTestId('paste-box');
    this.showButton = page.getByTestId('show-button');
    this.fileInput = page.getByTestId('file-input');
    this.clearButton = page.getByTestId('clear-button');
    this.status = page.getByTestId('status');
    this.loadStatuses = page.getByTestId('load-status');
    this.problems = page.getByTestId('problem-item');
    this.findingCards = page.getByTestId('finding-card');
    this.guideSteps = page.getByTestId('guide-step');
    this.commands = page.getByTestId('command');
    this.copyButtons = page.getByTestId('copy-button');
    this.privacy = page.getByTestId('privacy');
  }

  /** Opens the page and waits until the app has mounted (the paste box exists). */
  async goto(): Promise<void> {
    await this.page.goto('./');
    await expect(this.pasteBox).toBeVisible();
  }

  /** Pastes `text` and presses "Show guide". */
  async paste(text: string): Promise<void> {
    await this.pasteBox.fill(text);
    await this.showButton.click();
  }

  /** Chooses files in the file picker. */
  async open(files: PickedFile[]): Promise<void> {
    await this.fileInput.setInputFiles(files);
  }

  /** The card whose title or type contains `text`. */
  card(text: string | RegExp): Locator {
    return this.findingCards.filter({ hasText: text });
  }
}
