// Every page fits a phone (390 px), a tablet (768 px) and a laptop (1280 px), in the light
// and the dark theme: the page never scrolls sideways, and no visible element reaches past
// the right edge of the screen. Only the boxes named in SCROLL_BOXES may scroll sideways
// inside the page (the week's time grid); a table that does not fit turns into cards.
// One browser tab visits every page of the demo book, every release (one at least in each
// phase) and its three reports, the calendar's three views and the published view,
// changing only its size and theme.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { DIST, startBrowser, startServer } from './harness.mjs';
import { BookPage } from './book.page.mjs';

const SIZES = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
];
const THEMES = ['light', 'dark'];

/**
 * The boxes that may scroll sideways inside the page: the week's time grid (a labelled
 * region) and the runbook's Gantt chart (its rows focusable). The release list turns into cards on a phone and scrolls sideways nowhere.
 */
const SCROLL_BOXES = ['.cal-scroll', '.gantt__scroll'];

/** The pages of one's own book (addresses after `#/`); the releases are added from the list. */
const PAGES = [
  'dashboard',
  'releases',
  'releases/new',
  'calendar?view=month',
  'calendar?view=week',
  'calendar?view=agenda',
  'approvals',
  'my-tasks',
  'catalogue/services',
  'catalogue/environments',
  'catalogue/items',
  'catalogue/policies',
  'catalogue/people',
  'reports',
  'settings',
];

/**
 * What does not fit the screen now: the page scrolling sideways, a box scrolling sideways
 * that is not one of `allowed`, and each visible element whose right edge passes the
 * screen's, outside the allowed boxes (the first few, as selectors with their text).
 */
function misfits(allowed) {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width) {
    out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide in ${width} px`);
  }
  const name = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.innerText ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `<${el.tagName.toLowerCase()}${cls}> "${text}"`;
  };
  const inAllowed = (el) => allowed.some((s) => el.closest(s));
  // An element inside one already named is not named again.
  const named = [];
  for (const el of document.querySelectorAll('body *')) {
    if (named.some((n) => n.contains(el))) continue;
    const style = getComputedStyle(el);
    if (/^(auto|scroll)$/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1 && !/^(TEXTAREA|SELECT|INPUT)$/.test(el.tagName) && !inAllowed(el)) {
      out.push(`${name(el)} scrolls sideways: ${el.scrollWidth} px in ${el.clientWidth} px`);
      named.push(el);
      continue;
    }
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 0.5) continue;
    if (style.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
    if (inAllowed(el)) continue;
    named.push(el);
    out.push(`${name(el)} ends at ${Math.round(box.right)} px, past the screen's ${width} px`);
    if (out.length > 8) break;
  }
  return out;
}

describe('every page fits 390, 768 and 1280 px, light and dark', () => {
  let server;
  let published;
  let browser;
  let book;
  let layout;
  let dist;
  const pages = [...PAGES];

  before(async () => {
    // The published view reads the demo book's files from `book/` beside the app.
    layout = await mkdtemp(join(tmpdir(), 'responsive-layout-'));
    await promisify(execFile)(
      'cargo',
      ['run', '--quiet', '--offline', '--bin', 'demo-book', '--', '--sync-layout', '0', layout],
      { maxBuffer: 1 << 24 },
    );
    dist = await mkdtemp(join(tmpdir(), 'responsive-dist-'));
    await cp(DIST, dist, { recursive: true });
    await cp(layout, join(dist, 'book'), { recursive: true });
    server = await startServer();
    published = await startServer('/', dist);
    browser = await startBrowser();
    book = new BookPage(browser.page, server.url);
    await book.loadDemoBook();
    // Every release of the demo book: one at least in each phase.
    await book.open('releases');
    const hrefs = await browser.page
      .locator('main a[href^="#/releases/"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')).filter((h) => !h.endsWith('/new')));
    assert.ok(hrefs.length >= 5, `the demo book lists ${hrefs.length} releases`);
    for (const href of new Set(hrefs)) {
      const id = href.slice('#/releases/'.length);
      pages.push(`releases/${id}`, `reports/notes/${id}`, `reports/pir/${id}`, `reports/dossier/${id}`);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await published?.stop();
    await Promise.all([layout, dist].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })));
  });

  /** Visits `addresses` at every size and theme; resolves to what did not fit, by page. */
  async function check(base, addresses) {
    const { page } = browser;
    const found = [];
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const theme of THEMES) {
        await page.emulateMedia({ colorScheme: theme });
        for (const address of addresses) {
          await page.goto(`${base}#/${address}`);
          await book.waitForBook();
          await page
            .getByRole('status')
            .filter({ hasText: 'Opening the published book' })
            .waitFor({ state: 'detached', timeout: 20_000 });
          await page.locator('main h1').first().waitFor();
          const problems = await page.evaluate(misfits, SCROLL_BOXES);
          if (problems.length > 0) {
            found.push(`#/${address} at ${size.width} px, ${theme}:\n    ${problems.join('\n    ')}`);
          }
        }
      }
    }
    return found;
  }

  test('the pages of one’s own book, every release and the calendar’s views', async () => {
    const found = await check(server.url, pages);
    assert.deepEqual(found, [], found.join('\n'));
    assert.deepEqual(browser.problems, []);
  });

  test('the published view', async () => {
    const found = await check(`${published.url}?book`, ['dashboard', 'releases', 'calendar', 'reports']);
    assert.deepEqual(found, [], found.join('\n'));
    assert.deepEqual(browser.problems, []);
  });

  test('on a phone the navigation is a menu: opened by its button, closed by Escape and by choosing a page', async () => {
    const { page } = browser;
    await page.setViewportSize(SIZES[0]);
    await page.goto(`${server.url}#/dashboard`);
    await book.waitForBook();
    const button = page.getByRole('button', { name: 'Menu' });
    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await links.first().isVisible(), false, 'the links are folded away');
    await button.press('Enter');
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    await links.filter({ hasText: 'Calendar' }).waitFor();
    // The menu's links follow the button for the keyboard; Escape closes it and gives the
    // focus back to the button.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Dashboard');
    await page.keyboard.press('Escape');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-controls')), 'nav-links');
    // Choosing a page closes the menu.
    await button.click();
    await links.filter({ hasText: 'Calendar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor();
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await links.first().isVisible(), false);
    // On a laptop there is no menu button: the links are always there.
    await page.setViewportSize(SIZES[2]);
    assert.equal(await button.isVisible(), false);
    assert.equal(await links.filter({ hasText: 'Calendar' }).isVisible(), true);
    assert.deepEqual(browser.problems, []);
  });
});
