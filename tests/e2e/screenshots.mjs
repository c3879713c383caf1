// Writes the screenshots the README shows, from the bundle already built in dist/ (this
// script builds nothing): docs/screenshots/dashboard.png, release.png (a release in
// deployment) and calendar.png (the month of the year-end freeze), at 1280×800 in the light
// theme, with the demo book loaded in a fresh browser profile.
//
//   node tests/e2e/screenshots.mjs
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowser, startServer } from './harness.mjs';
import { BookPage } from './book.page.mjs';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const RELEASE = 'Storefront faster search';

const server = await startServer();
const browser = await startBrowser();
try {
  await mkdir(OUT, { recursive: true });
  const { page } = browser;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  const book = new BookPage(page, server.url);
  await book.loadDemoBook();
  const shoot = async (file) => {
    await page.evaluate(() => document.activeElement?.blur());
    await page.screenshot({ path: `${OUT}/${file}` });
    console.log(`wrote docs/screenshots/${file}`);
  };

  await book.open('dashboard');
  await shoot('dashboard.png');

  await book.open('settings');
  const id = await page
    .getByLabel('Release to export on its own')
    .locator('option', { hasText: RELEASE })
    .first()
    .getAttribute('value');
  await book.open(`releases/${id}`);
  await page.locator('main > *').first().waitFor({ state: 'attached' });
  await shoot('release.png');

  // The calendar opens on this month; step forward to December, the year-end freeze.
  await book.open('calendar');
  const next = page.getByRole('button', { name: /next month/i }).or(page.getByRole('link', { name: /next month/i }));
  for (let i = 0; i < 12 && !/December/.test(await page.locator('main').innerText()); i += 1) {
    if ((await next.count()) === 0) break;
    await next.first().click();
  }
  // Tall enough to show the shaded freeze in the second half of the month.
  await page.setViewportSize({ width: 1280, height: 1400 });
  await shoot('calendar.png');

  if (browser.problems.length > 0) {
    console.error(`problems while taking screenshots:\n${browser.problems.join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.stop();
}
