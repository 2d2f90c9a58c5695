// The desktop app end to end: the debug binary built with the `e2e` feature, driven through
// tauri-driver and Debian's WebKitWebDriver, on the Xvfb display and private session bus that
// `cargo xtask test` starts (DISPLAY, DBUS_SESSION_BUS_ADDRESS). webdriverio in classic WebDriver
// mode: WebKitWebDriver speaks no BiDi.
//
// Links never reach a real browser: FINDLENS_E2E_LINK_OPENER names a script that records them.
// Exports go to FINDLENS_E2E_SAVE_DIR instead of the Save dialog; every other step of opening and
// saving is the release code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { remote } from 'webdriverio';

const BIN = need('FINDLENS_DESKTOP_BIN');
const ROOT = need('FINDLENS_ROOT');
const TMP = need('TMPDIR');
const TAURI_DRIVER = process.env.TAURI_DRIVER || 'tauri-driver';
const PORT = 4444 + (process.pid % 500);
const SAMPLES = join(ROOT, 'core', 'samples');
const FIXTURES = join(ROOT, 'tests', 'e2e', 'fixtures');
const SAVE_DIR = join(TMP, 'saved');
const LINKS = join(TMP, 'opened-links.txt');

function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through \`cargo xtask test\``);
  return value;
}

let driver;
let app;

/** Polls `check` until it returns something truthy (or throws after `ms`). */
async function until(what, check, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The texts of every element with this data-testid. */
async function texts(testid) {
  return app.execute(
    (id) => [...document.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent.trim()),
    testid,
  );
}

/**
 * Clicks the first element matching `selector` whose text contains `text`, in the page: WebKit's
 * WebDriver cannot move the pointer to an element outside the visible part of the window.
 */
async function click(selector, text = '') {
  const clicked = await app.execute(
    (sel, t) => {
      const el = [...document.querySelectorAll(sel)].find((e) => e.textContent.includes(t));
      if (!el) return false;
      el.scrollIntoView({ block: 'center' });
      el.click();
      return true;
    },
    selector,
    text,
  );
  assert.ok(clicked, `nothing to click for ${selector} ${text}`);
}

/** The titles of the top-level X windows (the native title bar text). */
function windowTitles() {
  const tree = execFileSync('xwininfo', ['-root', '-children'], { encoding: 'utf8' });
  return [...tree.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
}

/** The name the single-instance plugin owns on the session bus: the app's identifier + `.SingleInstance`. */
const SINGLE_INSTANCE_NAME = `${JSON.parse(readFileSync(join(ROOT, 'src-tauri', 'tauri.conf.json'), 'utf8')).identifier}.SingleInstance`;

/** Whether a process owns `name` on the session bus (dbus-send comes with dbus-daemon). */
function busNameHasOwner(name) {
  const reply = execFileSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`],
    { encoding: 'utf8' },
  );
  return /boolean true/.test(reply);
}

/** Feeds `path` to the code the Open dialog's choice goes through (test builds only). */
async function openThroughDialogCode(path) {
  await app.execute((p) => window.__TAURI_INTERNALS__.invoke('e2e_open', { path: p }), path);
}

/** Starts the app through tauri-driver with `file` on its command line: a WebDriver session. */
function launch(file) {
  return remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'warn',
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: BIN, args: [file] },
    },
  });
}

async function loadLine(source) {
  return until(`a load line for ${source}`, async () =>
    (await texts('load-status')).find((t) => t.includes(source)),
  );
}

before(async () => {
  mkdirSync(SAVE_DIR, { recursive: true });
  const stub = join(TMP, 'record-link.sh');
  writeFileSync(stub, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${LINKS}'\n`);
  chmodSync(stub, 0o755);
  driver = spawn(TAURI_DRIVER, ['--port', String(PORT)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, FINDLENS_E2E_LINK_OPENER: stub, FINDLENS_E2E_SAVE_DIR: SAVE_DIR },
  });
  await until('tauri-driver', async () => {
    try {
      return (await fetch(`http://127.0.0.1:${PORT}/status`)).ok;
    } catch {
      return false;
    }
  });
  app = await launch(join(SAMPLES, 'ec2-instance.json'));
});

after(async () => {
  try {
    await app?.deleteSession();
  } finally {
    // SIGTERM lets tauri-driver stop WebKitWebDriver; SIGKILL would orphan it.
    if (driver && driver.exitCode === null) {
      const exited = new Promise((resolve) => driver.once('exit', resolve));
      driver.kill('SIGTERM');
      await exited;
    }
  }
});

test('a finding file on the command line opens with its guide filled in', async () => {
  await until('the finding view', async () => (await texts('finding-title')).length > 0);
  assert.deepEqual(await texts('finding-title'), [
    'EC2 instance i-0a1b2c3d4e5f60718 is communicating with a command and control server.',
  ]);
  const steps = await texts('guide-step');
  assert.ok(steps.length >= 3, `a guide with steps, got ${steps.length}`);
  // The guide's commands carry the finding's own values.
  assert.ok((await texts('command-text')).some((c) => c.includes('i-0a1b2c3d4e5f60718')));
  // The native window title names the file.
  await until('the window title', () => windowTitles().includes('ec2-instance.json – Findlens'));
  // The page speaks of the window, not of a browser tab.
  const footer = await app.execute(() => document.querySelector('footer').textContent);
  assert.match(footer, /Loaded findings stay in this window only: closing the window forgets them/);
  assert.doesNotMatch(footer, /tab|browser/);
});

test('the window obeys the desktop policy, and the web page\'s meta policy is not in its way', async () => {
  const seen = await app.execute(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    // The discard port on this machine: refused without a policy, blocked before any request with one.
    await fetch('http://127.0.0.1:9/').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { violations, metas: document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]').length };
  });
  assert.deepEqual(seen, { violations: ['connect-src'], metas: 0 });
});

test('a second file opens through the code the Open dialog uses', async () => {
  await openThroughDialogCode(join(SAMPLES, 'ebs-snapshot.json'));
  assert.match(await loadLine('ebs-snapshot.json'), /Loaded.*1 finding read/);
  await until('the new finding', async () =>
    (await texts('finding-title')).includes('Malicious file found in EBS snapshot snap-0d1c2b3a4f5e60789.'),
  );
  await until('the title with both files', () =>
    windowTitles().includes('ec2-instance.json, ebs-snapshot.json – Findlens'),
  );
});

test('a second launch hands its file to the running window', async () => {
  assert.ok(busNameHasOwner(SINGLE_INSTANCE_NAME), `the running window owns ${SINGLE_INSTANCE_NAME}`);
  const second = spawn(BIN, [join(SAMPLES, 'ecs-cluster.json')], { stdio: 'ignore' });
  const code = await new Promise((resolve) => second.once('exit', resolve));
  assert.equal(code, 0, 'the second launch exits once the first window has its file');
  assert.match(await loadLine('ecs-cluster.json'), /Loaded/);
  await until('the handed-over finding', async () =>
    (await texts('finding-title')).some((t) => t.includes('in cluster payments')),
  );
  // Still one window: the second launch opened none of its own.
  assert.equal((await app.getWindowHandles()).length, 1);
});

test('a bad file says why in the window and the findings already open stay', async () => {
  const bad = join(TMP, 'bad.json');
  writeFileSync(bad, '{ "this is": not json');
  await openThroughDialogCode(bad);
  const line = await loadLine('bad.json');
  assert.match(line, /Not loaded/);
  assert.ok((await texts('problem-item')).some((p) => /line 1/i.test(p)), 'the problem names where');
  await openThroughDialogCode(join(TMP, 'no-such-file.json'));
  assert.match(await loadLine('no-such-file.json'), /Not loaded/);
  // The list shows the three findings loaded before.
  await until('three rows', async () => (await texts('finding-row')).length === 3);
});

test('Ctrl+O opens the native Open dialog, and the file chosen in it opens', async () => {
  // Real key presses through the X server (xdotool): the GTK accelerator, the GTK file chooser.
  const x = (...args) => execFileSync('xdotool', args, { encoding: 'utf8' }).trim();
  const main = x('search', '--onlyvisible', '--name', ' – Findlens$').split('\n')[0];
  x('windowfocus', '--sync', main, 'key', 'ctrl+o');
  const dialog = await until('the Open dialog', () => {
    try {
      return x('search', '--onlyvisible', '--name', '^Open findings$').split('\n')[0];
    } catch {
      return undefined; // xdotool exits 1 while nothing matches
    }
  });
  // The chooser takes keys only once it has settled: give it a moment at each stage.
  await sleep(700);
  x('windowfocus', '--sync', dialog, 'key', 'ctrl+l');
  await sleep(300);
  x('type', '--delay', '10', join(FIXTURES, 'credentials-temporary.json'));
  await sleep(300);
  x('key', 'Return');
  assert.match(await loadLine('credentials-temporary.json'), /Loaded/);
});

test('export goes through the save path and copy writes the clipboard', async () => {
  await openThroughDialogCode(join(FIXTURES, 'credentials-long-term.json'));
  await until('the credentials finding', async () =>
    (await texts('finding-title')).includes('API ListBuckets was invoked from an IP address on a custom threat list.'),
  );
  await click('[data-testid="export-markdown"]');
  const saved = await until('the saved export', () =>
    readdirSync(SAVE_DIR).find((f) => f === 'findlens-guide-e2b4a1f0c3d94c5e8f7a6b5c4d3e2f10.md'),
  );
  const md = readFileSync(join(SAVE_DIR, saved), 'utf8');
  assert.ok(md.startsWith('# API ListBuckets was invoked from an IP address on a custom threat list.'));
  assert.ok(md.includes("'AKIAEXAMPLE1234567890'"));

  const key = 'AKIAEXAMPLE1234567890';
  const shown = (await texts('command-text')).find((t) => t.includes(key));
  assert.ok(shown, 'a command with the access key');
  await app.execute((k) => {
    const command = [...document.querySelectorAll('[data-testid="command"]')].find((c) => c.textContent.includes(k));
    command.querySelector('[data-testid="copy-button"]').click();
  }, key);
  await until('"Copied"', async () => (await texts('copy-button')).some((t) => /Copied/.test(t)));
  const copied = execFileSync('xclip', ['-o', '-selection', 'clipboard'], { encoding: 'utf8' });
  assert.equal(copied, shown);
});

test('a documentation link opens nothing inside the window', async () => {
  const before = await app.getUrl();
  const href = await app.$('a.doc-link').getAttribute('href');
  assert.match(href, /^https:\/\/docs\.aws\.amazon\.com\//);
  await click('a.doc-link');
  await until('the recorded link', () => existsSync(LINKS) && readFileSync(LINKS, 'utf8').includes(href));
  assert.equal(await app.getUrl(), before, 'the window stays on the app');
  assert.equal((await app.getWindowHandles()).length, 1, 'no second window');
  assert.match(before, /^(tauri:\/\/localhost|http:\/\/tauri\.localhost)(\/|#|$)/);
});

test('ticked steps are kept across a restart', async () => {
  const check = await app.$('[data-testid="step-check"]');
  if (!(await check.isSelected())) await click('[data-testid="step-check"]');
  await until('the tick', () => check.isSelected());
  await app.deleteSession();
  // The first instance must be gone before the next starts, or the next hands it its file and exits.
  await until('the first instance to exit', () => {
    try {
      execFileSync('pgrep', ['-f', `^${BIN}`]);
      return false;
    } catch {
      return true; // pgrep exits 1 when nothing matches
    }
  });
  // ... and its single-instance name released on the session bus: a launch that still finds the
  // name forwards its file to a process on its way out, gets no reply, and exits.
  await until('the single-instance name to be released', () => !busNameHasOwner(SINGLE_INSTANCE_NAME));
  app = await launch(join(FIXTURES, 'credentials-long-term.json'));
  await until('the finding again', async () => (await texts('finding-title')).length > 0);
  assert.equal(await app.$('[data-testid="step-check"]').isSelected(), true);
});

test('the app starts when there is no session bus', async () => {
  const env = { ...process.env, XDG_RUNTIME_DIR: join(TMP, 'no-bus') };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true });
  const alone = spawn(BIN, [join(SAMPLES, 'ebs-snapshot.json')], { stdio: 'ignore', env });
  try {
    await until('its window', () => windowTitles().includes('ebs-snapshot.json – Findlens'), 30000);
    assert.equal(alone.exitCode, null, 'still running');
  } finally {
    alone.kill('SIGTERM');
  }
});
