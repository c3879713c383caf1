// Writes the screenshots the README shows, from the bundle already built in dist/ (this
// script builds nothing), with the demo book loaded in a fresh browser profile, in the
// light theme:
//   at 1280×800: docs/screenshots/dashboard.png, release.png (a release in deployment)
//   and calendar.png (the month of the year-end freeze, 1400 px tall);
//   on a phone, 390×844: dashboard-phone.png, release-phone.png and
//   calendar-phone.png (the agenda of that month).
// Rerun it after any change to what these pages show:
//
//   make screenshots            (a release build, then this script)
//   node tests/e2e/screenshots.mjs   (with dist/ already built, e.g. by `trunk build`)
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowser, startServer } from './harness.mjs';
import { BookPage } from './book.page.mjs';
import { demoWindows } from './calendar.page.mjs';
import { releaseIdByTitle } from './release.page.mjs';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const RELEASE = 'Storefront faster search';
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const server = await startServer();
const browser = await startBrowser();
try {
  await mkdir(OUT, { recursive: true });
  const { page } = browser;
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  const book = new BookPage(page, server.url);
  await page.setViewportSize(LAPTOP);
  await book.loadDemoBook();
  const shoot = async (file) => {
    await page.evaluate(() => document.activeElement?.blur());
    await page.screenshot({ path: `${OUT}/${file}` });
    console.log(`wrote docs/screenshots/${file}`);
  };
  /** Opens `address` afresh (a page is laid out for the screen it opens on). */
  const show = async (address) => {
    await page.goto('about:blank');
    await book.open(address);
    await page.locator('main h1').first().waitFor();
  };

  const id = await releaseIdByTitle(book, RELEASE);
  // December of the demo book's year-end freeze: the month its draft redesign launches in.
  const redesign = (await demoWindows()).find((w) => w.title.startsWith('Storefront redesign'));
  const december = `${redesign.start.slice(0, 4)}-12-01`;

  for (const [size, suffix] of [[LAPTOP, ''], [PHONE, '-phone']]) {
    await page.setViewportSize(size);
    await show('dashboard');
    await shoot(`dashboard${suffix}.png`);
    await show(`releases/${id}`);
    await shoot(`release${suffix}.png`);
    // The month on a laptop, tall enough to show the shaded freeze in its second half;
    // the agenda, a phone's default view, on a phone.
    await show(`calendar?date=${december}`);
    if (size === LAPTOP) await page.setViewportSize({ width: 1280, height: 1400 });
    else await page.locator('#calendar-title').evaluate((title) => title.scrollIntoView());
    await shoot(`calendar${suffix}.png`);
  }

  if (browser.problems.length > 0) {
    console.error(`problems while taking screenshots:\n${browser.problems.join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.stop();
}
