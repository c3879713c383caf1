// Browser benchmark of the release list (`node tests/bench/list.bench.mjs`, after
// `trunk build --release`), in headless Chromium against dist/: a book of 10,000 releases,
// typed into the search box one keystroke at a time, and a status filter chosen.
//
// Each keystroke is measured inside the page, so the test driver's own latency is left
// out: from just before the input event is dispatched to when the page has handled it,
// updated the list and laid it out (the next task after the event, with a forced layout).
// The app's own measure `release-desk:list:filter` is the filtering and sorting of the
// index alone; `release-desk:list:index` is building the index when the book changes.
//
// Target: keystroke to updated list <= 16 ms p95.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowser, startServer } from '../e2e/harness.mjs';
import { median, p95 } from './common.mjs';

const work = await mkdtemp(join(tmpdir(), 'release-desk-list-bench-'));
const path = join(work, 'book-10k.json');
execFileSync('cargo', ['run', '--quiet', '--offline', '--bin', 'demo-book', '--', '--sized', '10000', '0', path], { stdio: 'inherit' });

const results = [];
const report = (what, values, target) => {
  const value = p95(values);
  results.push({
    what,
    'p95': `${value.toFixed(1)} ms`,
    median: `${median(values).toFixed(1)} ms`,
    samples: values.length,
    target,
    met: value <= Number(target.replace(/[^0-9.]/g, '')) ? 'yes' : 'NO',
  });
};

/** Types each text one character at a time, then erases it the same way, measuring each
 * keystroke in the page; resolves to the durations in ms. */
function typeInPage(page, texts) {
  return page.evaluate(async (texts) => {
    const label = [...document.querySelectorAll('label')].find((l) => l.textContent === 'Search by name, version, RFC or id');
    const input = document.getElementById(label.htmlFor);
    const table = document.querySelector('table[aria-label="Releases"]');
    const channel = new MessageChannel();
    const nextTask = () => new Promise((done) => {
      channel.port1.onmessage = () => done();
      channel.port2.postMessage(null);
    });
    const durations = [];
    const press = async (value) => {
      const started = performance.now();
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await nextTask();
      void table.offsetHeight; // the updated list, laid out
      durations.push(performance.now() - started);
      // Let the frame be painted before the next keystroke, as a typist would.
      await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    };
    for (const text of texts) {
      for (let i = 1; i <= text.length; i += 1) await press(text.slice(0, i));
      for (let i = text.length - 1; i >= 0; i -= 1) await press(text.slice(0, i));
    }
    return durations;
  }, texts);
}

const server = await startServer('/', process.env.DIST);
const browser = await startBrowser();
const page = browser.page;
try {
  await page.goto(`${server.url}#/settings`);
  await page.getByLabel('Import a book file').waitFor();
  await page.waitForFunction(() => !document.querySelector('.banner--info'));
  await page.getByLabel('Import a book file').setInputFiles(path);
  await page.locator('.transfer__message', { hasText: /^Imported/ }).waitFor({ timeout: 180_000 });

  await page.goto('about:blank');
  await page.goto(`${server.url}#/releases`);
  await page.getByRole('status').filter({ hasText: /^10,000 of 10,000 releases$/ }).waitFor({ timeout: 60_000 });
  await page.evaluate(() => performance.clearMeasures());

  const keystrokes = [];
  for (let round = 0; round < 3; round += 1) {
    keystrokes.push(...(await typeInPage(page, ['draft 1234', 'payments', 'rfc-35', 'v2.1'])));
  }
  report('filter 10,000 releases: keystroke to updated list, in the page', keystrokes, '16 ms');
  const filters = await page.evaluate(() => performance.getEntriesByName('release-desk:list:filter').map((m) => m.duration));
  report('filter 10,000 releases: filter and sort the index (release-desk:list:filter)', filters, '16 ms');

  // A status filter and a sort, chosen from their controls (driver latency included).
  const choices = [];
  for (const status of ['draft', 'closed', 'planning', 'review', 'cancelled', '']) {
    const started = await page.evaluate(() => performance.now());
    await page.getByLabel('Phase or status', { exact: true }).selectOption(status);
    await page.getByRole('status').filter({ hasText: / of 10,000 releases$/ }).waitFor();
    choices.push((await page.evaluate(() => performance.now())) - started);
  }
  report('choose a status filter, from the driver (includes its latency)', choices, '100 ms');
  const index = await page.evaluate(() => performance.getEntriesByName('release-desk:list:index').map((m) => m.duration));
  if (index.length) console.log(`(building the index of 10,000 releases: ${index.map((d) => d.toFixed(1)).join(', ')} ms)`);
} finally {
  await browser.close();
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
console.table(results);
