// What the browser benchmarks share: medians and 95th percentiles, the big books written
// natively by `demo-book`, and importing a book file through Settings as a person would.
import { execFileSync } from 'node:child_process';

/** The middle value. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The 95th percentile (the largest of fewer than 20). */
export const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

/** Writes a synthetic book of about `releases` / `events` to `path` (`flag`: --sized, --sized-signed). */
export function generateBook(flag, releases, events, path) {
  execFileSync('cargo', ['run', '--release', '--quiet', '--offline', '--bin', 'demo-book', '--', flag, String(releases), String(events), path], {
    stdio: 'inherit',
  });
}

/** Imports the book file at `path` from Settings; resolves to the milliseconds it took. */
export async function importFile(page, url, path, timeout = 120_000) {
  await page.goto(`${url}#/settings`);
  await page.getByLabel('Import a book file').waitFor();
  await page.waitForFunction(() => !document.querySelector('.banner--info'));
  const started = Date.now();
  await page.getByLabel('Import a book file').setInputFiles(path);
  await page.locator('.transfer__message', { hasText: /^Imported/ }).waitFor({ timeout });
  return Date.now() - started;
}
