// Browser benchmarks of signing (`make bench`), in headless Chromium against dist/: signing
// and committing one change in a signed book, checking the signatures of 10,000 incoming
// events (an import), and checking every signature of a 100,000-event book on demand.
// Each figure is shown beside its floor, measured in the same run: the same browser doing
// the bare work by hand (WebCrypto verify of the same signatures over the same digests).
//
// Targets (issue 12): sign and commit one change <= 15 ms p95; verify 10,000 incoming
// events <= 1 s; full verification of 100,000 events <= 10 s.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowser, startServer } from '../e2e/harness.mjs';
import { median, p95, generateBook, importFile } from './common.mjs';

const work = await mkdtemp(join(tmpdir(), 'release-desk-trust-bench-'));
const small = join(work, 'signed-10k.json');
const big = join(work, 'signed-100k.json');
const generate = (releases, events, path) => generateBook('--sized-signed', releases, events, path);
generate(400, 10_000, small);
generate(10_000, 100_000, big);

const results = [];
const report = (what, value, target, floor) => {
  results.push({
    what,
    value: `${value.toFixed(1)} ms`,
    floor: floor === undefined ? '' : `${floor.toFixed(1)} ms`,
    ratio: floor === undefined ? '' : (value / floor).toFixed(2),
    target,
    met: value <= Number(target.replace(/[^0-9.]/g, '')) * (target.endsWith(' s') ? 1000 : 1) ? 'yes' : 'NO',
  });
};

/**
 * The floor: in the page, by hand, the same checks WebCrypto does for the app — import each
 * enrolled key once, hash each event's canonical body, verify its signature — all in
 * parallel. Resolves to milliseconds.
 */
async function floor(page, text) {
  return page.evaluate(async (text) => {
    const book = JSON.parse(text);
    const started = performance.now();
    const fromB64 = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const keys = new Map();
    for (const e of book.events) {
      const enrol = e.what?.enrol;
      if (!enrol) continue;
      const raw = fromB64(enrol.public);
      const id = [...new Uint8Array(await crypto.subtle.digest('SHA-256', raw)).slice(0, 8)]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
      keys.set(id, await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']));
    }
    const encoder = new TextEncoder();
    const checks = book.events.map(async ({ sig, ...body }) => {
      const digest = await crypto.subtle.digest('SHA-256', encoder.encode(JSON.stringify(body)));
      return crypto.subtle.verify({ name: 'Ed25519' }, keys.get(body.key), fromB64(sig), digest);
    });
    const verdicts = await Promise.all(checks);
    if (verdicts.some((ok) => !ok)) throw new Error('a genuine signature did not verify by hand');
    return performance.now() - started;
  }, text);
}


const measured = (page, name) => page.evaluate((n) => performance.getEntriesByName(n).map((m) => m.duration), name);

const server = await startServer('/', process.env.DIST);
try {
  // Verify 10,000 incoming events: five fresh profiles import the signed book.
  const smallText = await readFile(small, 'utf8');
  const verifies = [];
  const imports = [];
  const floors = [];
  for (let i = 0; i < 5; i++) {
    const browser = await startBrowser();
    imports.push(await importFile(browser.page, server.url, small));
    verifies.push(...(await measured(browser.page, 'release-desk:verify')));
    floors.push(await floor(browser.page, smallText));
    await browser.close();
  }
  report('verify the signatures of 10,000 incoming events (import, median of 5)', median(verifies), '1000 ms', median(floors));
  report('import 10,000 signed events, whole (median of 5)', median(imports), '1000 ms');

  // Sign and commit one change: a keeper founds a new book, then registers twenty people.
  {
    const browser = await startBrowser();
    const page = browser.page;
    await page.goto(`${server.url}#/settings`);
    await page.getByLabel('Your name', { exact: true }).first().fill('Bench Keeper');
    await page.getByLabel('Your role', { exact: true }).selectOption({ label: 'release manager' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Begin signing this book' }).click();
    await page.getByText(/^Signing begun/).waitFor();
    for (let i = 0; i < 25; i++) {
      await page.getByLabel('Name', { exact: true }).fill(`Signed person ${i}`);
      await page.getByRole('button', { name: 'Add person' }).click();
      await page.getByText(`Saved Signed person ${i} `, { exact: false }).waitFor();
    }
    const commits = (await measured(page, 'release-desk:commit')).slice(-20);
    const signs = (await measured(page, 'release-desk:commit:sign')).slice(-20);
    // The floor: one WebCrypto signature with a non-extractable key, by hand.
    const bare = await page.evaluate(async () => {
      const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
      const out = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new Uint8Array(32).fill(i));
        out.push(performance.now() - started);
      }
      return out;
    });
    report('sign and commit one change (p95 of 20)', p95(commits), '15 ms');
    report('of which signing (p95 of 20)', p95(signs), '15 ms', p95(bare));
    await browser.close();
  }

  // Full verification of 100,000 events, on demand, with progress.
  {
    const browser = await startBrowser();
    const page = browser.page;
    const bigImport = await importFile(page, server.url, big, 300_000);
    console.log(`(import of 100,000 signed events took ${bigImport} ms)`);
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const button = page.getByRole('button', { name: 'Check every signature' });
      const started = Date.now();
      await button.click();
      await page.getByText(/^\d+ signed events checked/).waitFor({ timeout: 120_000 });
      runs.push(Date.now() - started);
      await page.reload();
      await page.getByRole('button', { name: 'Check every signature' }).waitFor({ timeout: 120_000 });
    }
    const bigFloor = await floor(page, await readFile(big, 'utf8'));
    report('check every signature of 100,000 events (median of 3)', median(runs), '10 s', bigFloor);
    await browser.close();
  }
} finally {
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
console.table(results);
