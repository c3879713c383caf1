// End-to-end tests of the release list's layout (issue 14, "A release list with the next
// window and a coloured status"): on a desktop every column shows whole, the next window
// with its environment and a status badge in words; on a phone each release is a card of
// one column, and the page never scrolls sideways.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { BookPage } from './book.page.mjs';

describe('the release list uses a desktop and fits a phone', () => {
  let server;
  let browser;
  /** @type {BookPage} */
  let desk;

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    browser = await startBrowser();
    desk = new BookPage(browser.page, server.url);
    await desk.loadDemoBook();
  });
  afterEach(async () => {
    await browser?.close();
  });

  const table = () => desk.page.getByRole('table', { name: 'Releases' });
  const row = (title) => table().getByRole('row').filter({ has: desk.page.getByRole('link', { name: title, exact: true }) });

  test('at 1280 px it shows the next window with its environment and a status badge, no column cut', async () => {
    await desk.page.setViewportSize({ width: 1280, height: 900 });
    await desk.open('releases');
    await table().waitFor();
    const faster = row('Storefront faster search v5.6');
    await faster.getByRole('cell', { name: /^\d{4}-\d\d-\d\d \d\d:\d\d on Production$/ }).waitFor();
    const badge = faster.locator('.list__status');
    assert.equal(await badge.innerText(), 'deployment');
    // The badge is tinted, and its words keep 4.5:1 against its own background.
    const [text, back] = await badge.evaluate((b) => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]);
    assert.notEqual(back, 'rgba(0, 0, 0, 0)', 'the badge has a colour');
    assert.ok(contrast(text, back) >= 4.5, `contrast ${contrast(text, back)} of ${text} on ${back}`);
    // Nothing of a header or a cell is cut off sideways, and the table fills its box.
    const cut = await table().evaluate((t) =>
      [...t.querySelectorAll('th, td, .list__status')]
        .filter((c) => c.offsetParent && c.scrollWidth > c.clientWidth + 1)
        .map((c) => c.textContent.trim()),
    );
    assert.deepEqual(cut, []);
    const [scroll, wide] = await desk.page
      .locator('.list__scroll')
      .evaluate((s) => [s.scrollWidth, s.clientWidth]);
    assert.ok(scroll <= wide + 1, `no sideways scroll in the table (${scroll} > ${wide})`);
    assert.deepEqual(browser.problems, []);
  });

  for (const scheme of ['light', 'dark']) {
    test(`at 390 px (${scheme}) each release is a card of one column, with no sideways scroll`, async () => {
      await desk.page.emulateMedia({ colorScheme: scheme });
      await desk.page.setViewportSize({ width: 390, height: 844 });
      await desk.open('releases');
      await table().waitFor();
      const card = row('Storefront faster search v5.6');
      await card.waitFor();
      const box = await card.boundingBox();
      const link = await card.getByRole('link').boundingBox();
      const badge = await card.locator('.list__status').boundingBox();
      // One column: the status is under the title, not beside it.
      assert.ok(badge.y >= link.y + link.height - 1, 'the status is below the title');
      assert.ok(box.width <= 390, `the card fits (${box.width} px)`);
      await card.getByText(/on Production$/).waitFor();
      const [text, back] = await card
        .locator('.list__status')
        .evaluate((b) => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]);
      assert.ok(contrast(text, back) >= 4.5, `contrast ${contrast(text, back)} (${scheme})`);
      const width = await desk.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no horizontal scroll (${width} px)`);
      const inner = await desk.page.locator('.list__scroll').evaluate((s) => s.scrollWidth <= s.clientWidth + 1);
      assert.ok(inner, 'the cards do not scroll sideways either');
      assert.deepEqual(browser.problems, []);
    });
  }
});

describe('the release list and the calendar follow a resized window', () => {
  let server;
  let browser;
  let desk;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    desk = new BookPage(browser.page, server.url);
    await desk.loadDemoBook();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const cards = () => desk.page.locator('.list__scroll').evaluate((s) => s.classList.contains('list__scroll--cards'));

  test('the list turns to cards at 390 px and back to rows at 1280 px, without a reload', async () => {
    await desk.page.setViewportSize({ width: 1280, height: 900 });
    await desk.open('releases');
    await desk.page.getByRole('table', { name: 'Releases' }).waitFor();
    assert.equal(await cards(), false, 'rows on a desktop');
    await desk.page.setViewportSize({ width: 390, height: 800 });
    await desk.page.waitForFunction(() => document.querySelector('.list__scroll--cards'));
    const width = await desk.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scroll once narrowed (${width} px)`);
    await desk.page.setViewportSize({ width: 1280, height: 900 });
    await desk.page.waitForFunction(() => !document.querySelector('.list__scroll--cards'));
    assert.deepEqual(browser.problems, []);
  });

  test('the calendar shows the month at 1280 px, the agenda at 390 px, and the month again', async () => {
    await desk.page.setViewportSize({ width: 1280, height: 900 });
    await desk.open('calendar');
    await desk.page.locator('.cal-slot').first().waitFor();
    assert.equal(await desk.page.locator('.cal-agenda, .cal-agenda__empty').count(), 0, 'the month on a desktop');
    await desk.page.setViewportSize({ width: 390, height: 800 });
    await desk.page.locator('.cal-agenda, .cal-agenda__empty').first().waitFor();
    await desk.page.setViewportSize({ width: 1280, height: 900 });
    await desk.page.waitForFunction(() => !document.querySelector('.cal-agenda, .cal-agenda__empty'));
    assert.ok(await desk.page.locator('.cal-slot').count() > 27, 'the month replaces the agenda');
    assert.deepEqual(browser.problems, []);
  });
});

/**
 * The WCAG contrast ratio of two computed CSS colours, `rgb(…)` (0–255) or `color(srgb …)`
 * (0–1, what `color-mix` computes to); alpha ignored.
 */
function contrast(a, b) {
  const lum = (c) => {
    const scale = c.startsWith('color(srgb') ? 1 : 255;
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / scale;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
}
