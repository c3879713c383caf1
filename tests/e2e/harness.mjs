// End-to-end harness: starts the static server on dist/ and Debian's Chromium through
// playwright-core, and records every console error, page error and failed request so
// each test can assert there were none. Everything started here is stopped by its own
// handle (the server by its PID, the browser by its context).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
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

/** Launches Chromium with a fresh profile; resolves to { context, page, problems, close }. */
export async function startBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'release-desk-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  watch(page, problems);
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { context, page, problems, close };
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
