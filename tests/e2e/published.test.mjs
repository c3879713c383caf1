// End-to-end tests of the published, read-only view: a team publishes its book's files on
// a static host (here nginx with its DAV module, another origin, CORS for the app), and a
// stakeholder opens `index.html?book=<url>`: the banner says where it comes from, when it
// was published and that its audit chain verifies; every page reads the book; nothing can
// be changed; the viewer's own book in the browser is untouched. `?book` alone reads the
// folder `book/` beside the app. A tampered segment or an unreachable host is refused with
// its message and no book is shown.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { DIST, addAxe, startBrowser, startServer } from './harness.mjs';
import { freePort, startDav } from './dav.mjs';
import { PublishedPage } from './published.page.mjs';

const run = promisify(execFile);

/** The remote files of the demo book as device `bench` pushed them (the lead's demo-book). */
async function writeLayout(dir) {
  await run('cargo', ['run', '--quiet', '--offline', '--bin', 'demo-book', '--', '--sync-layout', '0', dir], {
    maxBuffer: 1 << 24,
  });
  return dir;
}

/**
 * What the published files hold: the event count, and who published them and when as the
 * banner says it (the device index records the publication; its time is milliseconds
 * since 1970, as every time in the format).
 */
async function describeLayout(dir) {
  const files = await readdir(dir);
  let events = [];
  for (const file of files.filter((f) => f.startsWith('segment.'))) {
    events = events.concat(JSON.parse(await readFile(join(dir, file), 'utf8')).events);
  }
  const index = JSON.parse(await readFile(join(dir, files.find((f) => f.startsWith('index.'))), 'utf8'));
  const at = new Date(index.published.at).toISOString();
  const published = `${at.slice(0, 10)} ${at.slice(11, 16)} UTC by ${index.published.by}`;
  return { files, events: events.length, published };
}

async function copyLayout(from, to) {
  for (const file of await readdir(from)) await cp(join(from, file), join(to, file));
}

const bookStorage = (page) =>
  page.evaluate(async () => ({
    localStorage: Object.fromEntries(Object.entries(localStorage)),
    databases: (await indexedDB.databases()).map((d) => d.name).sort(),
  }));

describe('a published book, read-only', () => {
  let server;
  let dav;
  let layout;
  let facts;
  const temps = [];

  before(async () => {
    layout = await writeLayout(await mkdtemp(join(tmpdir(), 'published-layout-')));
    temps.push(layout);
    facts = await describeLayout(layout);
    server = await startServer();
    dav = await startDav('nginx', { origin: new URL(server.url).origin });
    await copyLayout(layout, dav.root);
  });

  after(async () => {
    await dav?.stop();
    await server?.stop();
    await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  test('a stakeholder reads the book from another host, and their own book is untouched', async () => {
    const browser = await startBrowser();
    try {
      const viewer = new PublishedPage(browser.page, server.url);
      // The viewer has a book of their own in this browser.
      await viewer.loadDemoBook();
      await viewer.openList();
      const ownTitles = await viewer.titles();
      assert.ok(ownTitles.length >= 5, `own book: ${ownTitles.length} releases`);
      await viewer.open('settings');
      const ownExport = (await viewer.exportBook()).text;
      const ownStorage = await bookStorage(browser.page);

      await viewer.openPublished(`?book=${encodeURIComponent(dav.url)}`);
      const banner = await viewer.bannerText();
      assert.match(
        banner,
        new RegExp(
          `^Published book from ${new URL(dav.url).host.replace(/\./g, '\\.')}, published on ` +
            `${facts.published}\\. Every change checked: ${facts.events} changes, none altered since it was written\\.`,
        ),
      );
      // Nobody acts here, and the dashboard reads the published book.
      assert.equal(await browser.page.getByRole('button', { name: /^Acting as/ }).count(), 0);
      await browser.page.getByRole('heading', { name: 'Releases by status' }).waitFor();
      assert.equal(await browser.page.getByRole('heading', { name: 'Approvals waiting for you' }).count(), 0);
      // Readers are greeted with the book, and see no navigation they cannot use.
      assert.match(
        await browser.page.locator('.dashboard__greeting').innerText(),
        /^A published release book, to read: \d+ releases in this book, \d+ under way\.$/,
      );
      const nav = browser.page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Releases' }).waitFor();
      assert.equal(await nav.getByRole('link', { name: 'Approvals' }).count(), 0, 'no Approvals');
      assert.equal(await nav.getByRole('link', { name: 'Settings' }).count(), 0, 'no Settings');

      // The list shows the published releases; in-app links keep `?book=…`.
      await viewer.goTo('Releases');
      assert.ok(browser.page.url().includes(`?book=${encodeURIComponent(dav.url)}#/releases`), browser.page.url());
      await viewer.table().waitFor();
      assert.deepEqual((await viewer.titles()).sort(), [...ownTitles].sort());
      assert.equal(await browser.page.getByRole('link', { name: 'New release' }).count(), 0, 'nothing to create');

      // A release page shows the release, and nothing to act with.
      const first = viewer.table().getByRole('link').first();
      const title = await first.innerText();
      await first.click();
      await browser.page.getByRole('heading', { level: 1, name: title }).waitFor();
      await browser.page.getByRole('heading', { name: 'Release package' }).waitFor();
      assert.deepEqual(await viewer.actions(), []);
      assert.ok(browser.page.url().includes('?book='), browser.page.url());

      // The calendar, the reports and Settings read it too, with nothing to change.
      for (const [title, slug] of [
        ['Calendar', 'calendar'],
        ['Approvals', 'approvals'],
        ['Catalogue', 'catalogue'],
        ['Reports', 'reports'],
        ['Settings', 'settings'],
        ['New release', 'releases/new'],
      ]) {
        await viewer.openPublished(`?book=${encodeURIComponent(dav.url)}`, slug);
        await viewer.bannerText();
        await browser.page.getByRole('heading', { level: 1, name: title }).waitFor();
        assert.deepEqual(
          await viewer.actions(),
          [],
          `${title} offers something to act with`,
        );
        if (title === 'New release' || title === 'Approvals') {
          await browser.page.getByText("This published book is read-only: changes are made in the team's own copies").waitFor();
        }
        if (title === 'Settings') {
          // No storage, import, export or sync: the page says it is a published book.
          await browser.page.getByText('This is a published book, shown read-only').waitFor();
          assert.equal(await browser.page.getByRole('heading', { name: /storage|import|export|sync|people/i }).count(), 0);
        }
      }

      // Nothing was written in this browser: the own book and preferences are as they were.
      assert.deepEqual(await bookStorage(browser.page), ownStorage);
      await viewer.open('settings');
      assert.equal((await viewer.exportBook()).text, ownExport);
      assert.deepEqual(browser.problems, []);
    } finally {
      await browser.close();
    }
  });

  test('`?book` alone reads the folder book/ beside the app', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'published-dist-'));
    temps.push(dist);
    await cp(DIST, dist, { recursive: true });
    await cp(layout, join(dist, 'book'), { recursive: true });
    const beside = await startServer('/', dist);
    const browser = await startBrowser();
    try {
      const viewer = new PublishedPage(browser.page, beside.url);
      await viewer.openPublished('?book', 'releases');
      const banner = await viewer.bannerText();
      assert.match(banner, new RegExp(`^Published book from ${new URL(beside.url).host.replace(/\./g, '\\.')}, `));
      assert.match(banner, new RegExp(`published on ${facts.published}\\. Every change checked: ${facts.events} changes`));
      await viewer.table().waitFor();
      assert.ok((await viewer.titles()).length >= 5);
      // The banner and the read-only pages pass axe-core (no serious or critical violation).
      await addAxe(browser.page);
      const violations = await browser.page.evaluate(async () =>
        (await window.axe.run(document, { resultTypes: ['violations'] })).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      );
      assert.deepEqual(violations, []);
      assert.deepEqual(browser.problems, []);
    } finally {
      await browser.close();
      await beside.stop();
    }
  });

  test('a tampered segment is refused and no book is shown', async () => {
    const segment = facts.files.find((f) => f.startsWith('segment.'));
    const path = join(dav.root, segment);
    const original = await readFile(path);
    const altered = Buffer.from(original);
    // One byte of an event changed: the release's first letter of some text.
    const at = altered.indexOf('"title"') > 0 ? altered.indexOf('"title"') + 10 : altered.length >> 1;
    altered[at] = altered[at] === 0x41 ? 0x42 : 0x41;
    await writeFile(path, altered);
    const browser = await startBrowser();
    try {
      const viewer = new PublishedPage(browser.page, server.url);
      await viewer.openPublished(`?book=${encodeURIComponent(dav.url)}`, 'releases');
      await viewer.bannerText();
      const message = await viewer.alert().innerText();
      assert.match(message, new RegExp(`^The shared file ${segment.replace(/\./g, '\\.')} was altered`));
      assert.match(message, /the host's copy needs checking/);
      assert.equal(await viewer.table().getByRole('link').count(), 0);
      assert.deepEqual(browser.problems, []);
    } finally {
      await browser.close();
      await writeFile(path, original);
    }
  });

  test('a host that does not answer is named, and no book is shown', async () => {
    const port = await freePort();
    const address = `http://127.0.0.1:${port}/book/`;
    const browser = await startBrowser();
    try {
      const viewer = new PublishedPage(browser.page, server.url);
      await viewer.openPublished(`?book=${encodeURIComponent(address)}`);
      await viewer.bannerText();
      assert.match(await viewer.alert().innerText(), new RegExp(`^The sync host could not be reached \\(no answer from 127\\.0\\.0\\.1:${port}\\)`));
      assert.equal(await browser.page.getByRole('heading', { name: 'Releases by status' }).count(), 0);
      // The refused connections are the ones this test provokes, and nothing else failed.
      assert.deepEqual(
        browser.problems.filter((p) => !p.includes(`127.0.0.1:${port}`) && !/ERR_CONNECTION_REFUSED/.test(p)),
        [],
      );
    } finally {
      await browser.close();
    }
  });
});
