// Browser tests of the Findlens web app.
//
// Run them with `cargo xtask test` from the repository root: it builds the release `dist/`, serves
// it on a free 127.0.0.1 port and sets FINDLENS_BASE_URL (and TMPDIR) before running Playwright.
// The browser is Debian's Chromium; Playwright never downloads one (never run
// `npx playwright install`).
import { defineConfig } from '@playwright/test';

const baseURL = process.env.FINDLENS_BASE_URL;
if (!baseURL) {
  throw new Error(
    'FINDLENS_BASE_URL is not set: run the browser tests with `cargo xtask test` from the repository root ' +
      '(or serve dist/ yourself and set FINDLENS_BASE_URL=http://127.0.0.1:PORT/).',
  );
}

// `cargo xtask screenshots` sets FINDLENS_SCREENSHOTS=1 to run only the docs screenshot generator
// (tests/screenshots/), which rewrites tracked PNGs; the test run never does.
const screenshots = process.env.FINDLENS_SCREENSHOTS === '1';

export default defineConfig({
  testDir: screenshots ? './screenshots' : './e2e',
  // One browser at a time: the machines have 2 cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: 'list',
  outputDir: './test-results',
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
