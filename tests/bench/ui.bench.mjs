// Browser benchmarks of the UI (`make bench`), in headless Chromium against dist/:
//   1. first paint and time to interactive of the app with the demo book stored: median of
//      5 cold page loads (a new tab with the HTTP cache cleared each time). First paint is
//      the browser's own `first-paint` entry; interactive is the dashboard's counts on
//      screen and a click on a navigation link answered by the page it names.
//   2. opening a release page of 500 events: from the dashboard, follow the address of
//      the release and wait for its page; median of 5. Also the same address loaded in a
//      fresh document (the book opened from IndexedDB first). The page's parts are timed as they
//      exist: the release's page shown, its heading (an `h1` with the release's name) and
//      its timeline (entries listed in the timeline section), whichever the build has.
//
// Targets: first paint <= 300 ms. Everything is timed inside the page (performance.now()
// at the next animation frame after the DOM shows it), so the test driver's own round
// trips do not count.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowser, startServer } from '../e2e/harness.mjs';
import { DashboardPage } from '../e2e/dashboard.page.mjs';
import { median } from './common.mjs';

const RUNS = 5;
const EVENTS = 500;

const work = await mkdtemp(join(tmpdir(), 'release-desk-ui-bench-'));
const longBook = join(work, `book-release-${EVENTS}.json`);
const releaseId = execFileSync(
  'cargo',
  ['run', '--release', '--quiet', '--offline', '--bin', 'demo-book', '--', '--long-release', String(EVENTS), longBook],
  { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
).trim();

const results = [];
const report = (what, values, target = '') => {
  const found = values.filter((v) => v !== null);
  if (found.length < values.length) {
    results.push({ what, value: 'not on the page yet', target, met: '' });
    return;
  }
  const value = median(found);
  const limit = Number(target.replace(/[^0-9.]/g, ''));
  results.push({ what, value: `${value.toFixed(1)} ms`, target, met: target ? (value <= limit ? 'yes' : 'NO') : '' });
};

// In the page: resolves to performance.now() at the first animation frame after `ready()`
// holds, or null after `timeout` ms. Watches the DOM rather than polling from the driver.
const WATCH = `
  window.__rdWhen = (ready, timeout = 30000) => new Promise((resolve) => {
    let done = false;
    const finish = (value) => { if (!done) { done = true; observer.disconnect(); clearTimeout(timer); resolve(value); } };
    const check = () => { if (!done && ready()) { done = true; observer.disconnect(); clearTimeout(timer); requestAnimationFrame(() => resolve(performance.now())); } };
    const observer = new MutationObserver(check);
    const timer = setTimeout(() => finish(null), timeout);
    observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
    check();
  });
`;

const server = await startServer('/', process.env.DIST);
try {
  // ---- 1. First paint and time to interactive, demo book stored ----
  {
    const browser = await startBrowser();
    const dashboard = new DashboardPage(browser.page, server.url);
    await dashboard.loadDemoBook();
    await browser.page.close();
    const paints = [];
    const contentful = [];
    const counts = [];
    const interactive = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Network.clearBrowserCache');
      await page.addInitScript(WATCH);
      // Started before the app: the dashboard's counts, then a click on "Releases" in the
      // navigation and the page it names.
      await page.addInitScript(() => {
        // Paint entries arrive once the frame is presented, a little after the paint.
        window.__rdPaints = new Promise((resolve) => {
          const seen = {};
          const done = () => resolve(seen);
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) seen[entry.name] = entry.startTime;
            if ('first-paint' in seen && 'first-contentful-paint' in seen) done();
          }).observe({ type: 'paint', buffered: true });
          setTimeout(done, 10000);
        });
        window.__rdInteractive = (async () => {
          const countsAt = await window.__rdWhen(() => document.querySelector('main [aria-labelledby="dashboard-status"] dd a'));
          const link = [...document.querySelectorAll('nav[aria-label="Main"] a')].find((a) => a.textContent === 'Releases');
          link.click();
          // Answered: the page the link names replaced the dashboard (its own heading).
          const answeredAt = await window.__rdWhen(() => {
            const h1 = document.querySelector('main h1');
            return h1 && h1.textContent !== 'Dashboard';
          });
          return { countsAt, answeredAt };
        })();
      });
      await page.goto(`${server.url}#/dashboard`);
      const { countsAt, answeredAt } = await page.evaluate(() => window.__rdInteractive);
      // The same page opened from its address in a fresh document (a bookmark, a link in
    // an e-mail): the book is opened from IndexedDB first.
    const deep = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto('about:blank');
      await page.goto(`${server.url}#/releases/${encodeURIComponent(releaseId)}`);
      deep.push(
        await page.evaluate(() =>
          window.__rdWhen(() => {
            const h1 = document.querySelector('main h1');
            const shown = document.getElementById('section-header') || document.getElementById('section-timeline');
            return shown || (h1 && h1.textContent.trim() !== 'Release');
          }),
        ),
      );
    }
    const entries = await page.evaluate(() => window.__rdPaints);
      paints.push(entries['first-paint'] ?? null);
      contentful.push(entries['first-contentful-paint'] ?? null);
      counts.push(countsAt);
      interactive.push(answeredAt);
      await cdp.detach();
      await page.close();
    }
    report(`demo book: first paint (median of ${RUNS} cold loads)`, paints, '300 ms');
    report(`demo book: first contentful paint (median of ${RUNS})`, contentful);
    report(`demo book: dashboard counts on screen (median of ${RUNS})`, counts);
    report(`demo book: interactive, a navigation click answered (median of ${RUNS})`, interactive);
    await browser.close();
  }

  // ---- 2. A release page with 500 events ----
  {
    const browser = await startBrowser();
    const page = browser.page;
    const book = new DashboardPage(page, server.url);
    await book.open('settings');
    await page.getByLabel('Import a book file').waitFor();
    await page.getByLabel('Import a book file').setInputFiles(longBook);
    await page.getByText(/^Imported /).waitFor({ timeout: 120_000 });
    await page.addInitScript(WATCH);
    const shown = [];
    const headed = [];
    const timeline = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto('about:blank');
      await book.open('dashboard');
      await page.getByRole('region', { name: 'Releases by status' }).waitFor();
      const times = await page.evaluate(async (id) => {
        const started = performance.now();
        location.hash = `#/releases/${encodeURIComponent(id)}`;
        // The release's page: its sections are on the page (the release was found).
        const page = () => document.getElementById('section-header') || document.getElementById('section-timeline');
        const shownAt = await window.__rdWhen(page, 10000);
        // Its heading, once the header shows the release's name.
        const title = () => {
          const h1 = document.querySelector('main h1');
          return h1 && h1.textContent.trim() !== 'Release' && page();
        };
        const headingAt = await window.__rdWhen(title, 5000);
        // Its timeline, once entries are listed.
        const entries = () => document.querySelector('#section-timeline li, #section-timeline [role="listitem"], #section-timeline tr');
        const timelineAt = await window.__rdWhen(entries, 10000);
        const since = (t) => (t === null ? null : t - started);
        return { shown: since(shownAt), heading: since(headingAt), timeline: since(timelineAt) };
      }, releaseId);
      shown.push(times.shown);
      headed.push(times.heading);
      timeline.push(times.timeline);
    }
    // The same page opened from its address in a fresh document (a bookmark, a link in
    // an e-mail): the book is opened from IndexedDB first.
    const deep = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto('about:blank');
      await page.goto(`${server.url}#/releases/${encodeURIComponent(releaseId)}`);
      deep.push(
        await page.evaluate(() =>
          window.__rdWhen(() => {
            const h1 = document.querySelector('main h1');
            const shown = document.getElementById('section-header') || document.getElementById('section-timeline');
            return shown || (h1 && h1.textContent.trim() !== 'Release');
          }),
        ),
      );
    }
    const entries = await page.evaluate(() => document.querySelectorAll('#section-timeline li, #section-timeline tr').length);
    console.log(`(release ${releaseId}: ${entries} timeline entries on the page)`);
    report(`release of ${EVENTS} events: page shown after following its link (median of ${RUNS})`, shown);
    report(`release of ${EVENTS} events: its heading (median of ${RUNS})`, headed);
    report(`release of ${EVENTS} events: its timeline listed (median of ${RUNS})`, timeline);
    report(`release of ${EVENTS} events: opened from its address, page shown (median of ${RUNS} loads)`, deep);
    if (browser.problems.length) console.log('problems:', browser.problems);
    await browser.close();
  }
} finally {
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
console.table(results);
