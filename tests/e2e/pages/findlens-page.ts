// The Findlens page as the specs see it: every element by its data-testid, so the specs do not
// depend on wording or layout.
//
// The page has two views: the workspace (load panel, welcome, findings list) and one finding
// (header, what happened, guide, raw JSON). A load that reads exactly one finding opens it.
import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A file to hand to the file picker or to drop: a name and its bytes. */
export interface PickedFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** The text of a fixture under e2e/fixtures/. */
export function fixture(name: string): string {
  return readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
}

/** The text of a fixture the core's tests share, under core/tests/fixtures/. */
export function coreFixture(name: string): string {
  return readFileSync(path.join(__dirname, '..', '..', '..', 'core', 'tests', 'fixtures', name), 'utf8');
}

/** The key checklist progress is saved under in localStorage. */
export const PROGRESS_KEY = 'findlens.progress.v1';

export class FindlensPage {
  readonly page: Page;
  // Loading
  readonly pasteBox: Locator;
  readonly loadPasteButton: Locator;
  readonly loadToggle: Locator;
  readonly fileInput: Locator;
  readonly sampleSelect: Locator;
  readonly loadSamplesButton: Locator;
  readonly welcome: Locator;
  readonly welcomeLoadAll: Locator;
  readonly sampleButtons: Locator;
  readonly dropZone: Locator;
  readonly loadProgress: Locator;
  readonly status: Locator;
  readonly loadStatuses: Locator;
  readonly problems: Locator;
  readonly loadNotes: Locator;
  readonly loadWarnings: Locator;
  // List
  readonly clearButton: Locator;
  readonly count: Locator;
  readonly search: Locator;
  readonly table: Locator;
  readonly scroller: Locator;
  readonly rows: Locator;
  readonly groupRows: Locator;
  readonly groupBy: Locator;
  readonly resetFilters: Locator;
  readonly undoClear: Locator;
  readonly undoClearButton: Locator;
  readonly linkNotLoaded: Locator;
  // One finding
  readonly findingView: Locator;
  readonly backButton: Locator;
  readonly guideSteps: Locator;
  readonly stepChecks: Locator;
  readonly guideProgress: Locator;
  readonly exportMarkdown: Locator;
  readonly commands: Locator;
  readonly copyButtons: Locator;
  readonly rawTree: Locator;
  readonly details: Locator;
  // Page
  readonly privacy: Locator;
  readonly themeSelect: Locator;
  readonly progressNotice: Locator;

  constructor(page: Page) {
    this.page = page;
    this.pasteBox = page.getByTestId('paste-box');
    this.loadPasteButton = page.getByTestId('load-paste-button');
    this.loadToggle = page.getByTestId('load-toggle');
    this.fileInput = page.getByTestId('file-input');
    this.sampleSelect = page.getByTestId('sample-select');
    this.loadSamplesButton = page.getByTestId('load-samples-button');
    this.welcome = page.getByTestId('welcome');
    this.welcomeLoadAll = page.getByTestId('welcome-load-all');
    this.sampleButtons = page.getByTestId('sample-button');
    this.dropZone = page.getByTestId('drop-zone');
    this.loadProgress = page.getByTestId('load-progress');
    this.status = page.getByTestId('status');
    this.loadStatuses = page.getByTestId('load-status');
    this.problems = page.getByTestId('problem-item');
    this.loadNotes = page.getByTestId('load-note');
    this.loadWarnings = page.getByTestId('load-warning');
    this.clearButton = page.getByTestId('clear-button');
    this.count = page.getByTestId('finding-count');
    this.search = page.getByTestId('search');
    this.table = page.getByTestId('findings-table');
    this.scroller = page.getByTestId('list-scroller');
    this.rows = page.getByTestId('finding-row');
    this.groupRows = page.getByTestId('group-row');
    this.groupBy = page.getByTestId('group-by');
    this.resetFilters = page.getByTestId('reset-filters');
    this.undoClear = page.getByTestId('undo-clear');
    this.undoClearButton = page.getByTestId('undo-clear-button');
    this.linkNotLoaded = page.getByTestId('link-not-loaded');
    this.findingView = page.getByTestId('finding-view');
    this.backButton = page.getByTestId('back-button');
    this.guideSteps = page.getByTestId('guide-step');
    this.stepChecks = page.getByTestId('step-check');
    this.guideProgress = page.getByTestId('guide-progress');
    this.exportMarkdown = page.getByTestId('export-markdown');
    this.commands = page.getByTestId('command');
    this.copyButtons = page.getByTestId('copy-button');
    this.rawTree = page.getByTestId('raw-tree');
    this.details = page.getByTestId('details');
    this.privacy = page.getByTestId('privacy');
    this.themeSelect = page.getByTestId('theme-select');
    this.progressNotice = page.getByTestId('progress-notice');
  }

  /** Opens the page (optionally with a URL fragment) and waits until the app has mounted. */
  async goto(fragment = ''): Promise<void> {
    await this.page.goto(`./${fragment}`);
    await expect(this.loadToggle).toBeVisible();
  }

  /** The URL's fragment without its `#`: the view (open finding, filters, sort, group). */
  async fragment(): Promise<string> {
    return new URL(this.page.url()).hash.replace(/^#/, '');
  }

  /** The header cell of a sortable column, which carries aria-sort. */
  sortHeader(column: string): Locator {
    return this.page.locator('th', { has: this.page.getByTestId(`sort-${column}`) });
  }

  /** The heading of the open finding. */
  get findingTitle(): Locator {
    return this.page.getByTestId('finding-title');
  }

  /** Back to the list when a finding is open. */
  async toList(): Promise<void> {
    if (await this.findingView.isVisible()) {
      await this.backButton.click();
    }
    await expect(this.findingView).toHaveCount(0);
  }

  /** Shows the paste box, file picker and samples when they are folded away. */
  async openInputs(): Promise<void> {
    await this.toList();
    if ((await this.loadToggle.getAttribute('aria-expanded')) !== 'true') {
      await this.loadToggle.click();
    }
    await expect(this.pasteBox).toBeVisible();
  }

  /** Pastes `text` into the box and loads it, and waits until the load is reported (a load is
   * read in steps after the click: without the wait, a next step could run before it lands). */
  async paste(text: string): Promise<void> {
    await this.openInputs();
    await this.pasteBox.fill(text);
    const reported = await this.loadStatuses.count();
    await this.loadPasteButton.click();
    await expect(this.loadStatuses).toHaveCount(reported + 1, { timeout: 30_000 });
  }

  /** Chooses files in the file picker. */
  async open(files: PickedFile[]): Promise<void> {
    await this.fileInput.setInputFiles(files);
  }

  /** Drops files on the page, as a drag from the file manager would (a DataTransfer drop event). */
  async drop(files: PickedFile[]): Promise<void> {
    const payload = files.map((f) => ({ name: f.name, type: f.mimeType, bytes: [...f.buffer] }));
    const transfer = await this.page.evaluateHandle((items) => {
      const dt = new DataTransfer();
      for (const f of items) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      return dt;
    }, payload);
    const target = this.page.locator('main');
    await target.dispatchEvent('dragenter', { dataTransfer: transfer });
    await target.dispatchEvent('dragover', { dataTransfer: transfer });
    await target.dispatchEvent('drop', { dataTransfer: transfer });
  }

  /** The list row whose type, title or resource contains `text`. */
  row(text: string | RegExp): Locator {
    return this.rows.filter({ hasText: text });
  }

  /** The first row containing `text`, scrolling the list until it is rendered (only the rows in
   * view are in the page). */
  async findRow(text: string | RegExp): Promise<Locator> {
    const row = this.row(text).first();
    if ((await row.count()) > 0) return row;
    await this.scroller.evaluate((el) => (el.scrollTop = 0));
    for (let i = 0; i < 500; i++) {
      if ((await row.count()) > 0) return row;
      const atEnd = await this.scroller.evaluate((el) => {
        const before = el.scrollTop;
        el.scrollTop += el.clientHeight - 100;
        return el.scrollTop === before;
      });
      await this.page.waitForTimeout(30);
      if (atEnd && (await row.count()) === 0) break;
    }
    return row;
  }

  /** Opens the finding whose row contains `text` (from the list) and returns its view. */
  async openFinding(text: string | RegExp): Promise<Locator> {
    await this.toList();
    await (await this.findRow(text)).click();
    await expect(this.findingView).toBeVisible();
    return this.findingView;
  }
}
