// End-to-end harness: starts the static server on dist/ and Debian's Chromium through
// playwright-core, and records every console error, page error, failed request and
// Content-Security-Policy violation so each test can assert there were none. Everything started here is stopped by its own
// handle (the server by its PID, the browser by its context).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = resolve(here, '../../dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts tests/e2e/serve.mjs on a free port serving `dir`; resolves to { url, stop,
 * requests }. With `precompressed`, it serves the .br/.gz siblings of a release build as
 * such a host would; with `log`, `requests` fills with every request answered ("GET /x").
 */
export function startServer(base = '/', dir = DIST, { precompressed = false, log = false } = {}) {
  const args = [join(here, 'serve.mjs'), dir, '--base', base];
  if (precompressed) args.push('--precompressed');
  if (log) args.push('--log');
  const requests = [];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      process.kill(child.pid, 'SIGTERM');
    });
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => {
      stop();
      fail(new Error('the static server did not start within 10 s'));
    }, 10_000);
    child.once('exit', (code) => fail(new Error(`the static server exited with ${code}`)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      for (const line of chunk.split('\n')) {
        const match = /^serving (\S+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          ready({ url: match[1], stop, requests });
        } else if (/^[A-Z]+ \//.test(line)) {
          requests.push(line);
        }
      }
    });
  });
}

/**
 * Launches Chromium with a fresh profile; resolves to { context, page, problems, close }.
 * Every page of the context, including those a test opens later, reports each
 * Content-Security-Policy violation into `problems` (see `reportViolations`), so the whole
 * suite runs under the app's policy and fails on any breach of it.
 */
export async function startBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'release-desk-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  const problems = [];
  await context.exposeBinding(CSP_BINDING, (_source, text) => problems.push(text));
  await context.addInitScript(reportViolations, CSP_BINDING);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page, problems);
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { context, page, problems, close };
}

/** The name of the function every page calls to report a policy violation to the test. */
const CSP_BINDING = '__releaseDeskCspViolation';

/**
 * Runs in every document before its own scripts (an init script, which the page's CSP does
 * not govern): keeps each `securitypolicyviolation` event in `window.__cspViolations` and
 * sends a line describing it to the test through the exposed binding.
 */
function reportViolations(binding) {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    const what = event.blockedURI || 'inline';
    const sample = event.sample ? ` "${event.sample.slice(0, 60)}"` : '';
    const text = `CSP violation: ${event.effectiveDirective} blocked ${what}${sample} at ${event.documentURI}`;
    window.__cspViolations.push(text);
    window[binding]?.(text);
  });
}

// Requests the browser makes on its own after a page loads: the tab's icon and the web app
// manifest with its icons. A test that navigates at once cancels them (net::ERR_ABORTED),
// which is no failure of the app; any other failure of theirs still counts.
const BROWSER_OWN = new Set(['other', 'manifest']);

/** Records a page's console errors, page errors and failed requests into `problems`. */
export function watch(page, problems) {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? '';
    if (error === 'net::ERR_ABORTED' && BROWSER_OWN.has(request.resourceType())) return;
    problems.push(`request failed: ${request.url()} ${error}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Adds axe-core to the page as `window.axe`. Not as a <script> tag (Playwright's
 * addScriptTag writes its content inline), which the app's Content-Security-Policy rightly
 * blocks: evaluated through the DevTools protocol, which the policy does not govern.
 */
export async function addAxe(page) {
  await page.evaluate(await readFile(AXE, 'utf8'));
}

/** An init script (`context.addInitScript`): records each notification the app makes in
 * `window.__notified`, then lets the browser's own Notification make it. */
export function recordNotifications() {
  const Real = window.Notification;
  window.__notified = [];
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      window.__notified.push({ title, body: options?.body ?? '' });
    }
  };
}

/**
 * Problems of a laptop, less the ones a first sync into an empty folder causes on purpose:
 * the 404s of the manifest and device indexes not written yet (and Chromium's console line
 * for each). Anything else stays.
 */
export function unexpectedProblems(problems, dav) {
  const notYet = new RegExp(`^HTTP 404: ${dav.url.replace(/[.?]/g, '\\$&')}(manifest|index\\.[\\w-]+)\\.json$`);
  const expected = problems.filter((p) => notYet.test(p));
  const consoleLines = problems.filter((p) =>
    /^console error: Failed to load resource: the server responded with a status of 404/.test(p),
  );
  assert.ok(consoleLines.length <= expected.length, `more failed loads than provoked 404s: ${problems.join('\n')}`);
  return problems.filter((p) => !expected.includes(p) && !consoleLines.includes(p));
}
