// End-to-end tests of the offline app: after one visit the app starts with the network cut
// and the server gone, from the root of a host and from a sub-path; the manifest and its
// icons are served; and a new deploy is picked up at the next start, its old cache deleted,
// with a notice that tells the person once.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIST, startBrowser, startServer, watch } from './harness.mjs';
import { OfflineShellPage } from './offline.page.mjs';

/** The version .ci/precache.sh stamped into a bundle's service worker. */
async function stampedVersion(dir) {
  const worker = await readFile(join(dir, 'sw.js'), 'utf8');
  const match = /^const VERSION = '([0-9a-f]+)';$/m.exec(worker);
  assert.ok(match, `${dir}/sw.js carries no stamped version: was it built by trunk?`);
  return match[1];
}

/** Turns the bundle in `dir` into a "new deploy": the same files stamped `to` instead of `from`. */
async function restamp(dir, from, to) {
  for (const name of ['sw.js', 'index.html']) {
    const file = join(dir, name);
    const text = await readFile(file, 'utf8');
    assert.ok(text.includes(from), `${name} does not carry version ${from}`);
    await writeFile(file, text.replaceAll(from, to));
  }
}

for (const base of ['/', '/release-desk/']) {
  describe(`the offline app served from ${base}`, () => {
    let server;
    let browser;
    let shell;

    before(async () => {
      server = await startServer(base);
      browser = await startBrowser();
      shell = new OfflineShellPage(browser.page, server.url);
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test('links a manifest for an installable app whose icons are served', async () => {
      await shell.open();
      const { url, body } = await shell.manifest();
      assert.equal(url, `${server.url}manifest.webmanifest`);
      assert.equal(body.name, 'Release Desk');
      assert.equal(new URL(body.start_url, url).href, server.url);
      assert.equal(new URL(body.scope, url).href, server.url);
      assert.equal(body.display, 'standalone');
      const sizes = body.icons.map((icon) => icon.sizes);
      assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), `icon sizes: ${sizes}`);
      const icons = body.icons.map((icon) => new URL(icon.src, url).href);
      assert.deepEqual(await shell.statuses(icons), icons.map(() => 200));
      assert.deepEqual(browser.problems, []);
    });

    test('starts with no network and no server after one visit', async () => {
      await shell.open();
      await shell.waitUntilOfflineReady();

      await server.stop();
      await browser.context.setOffline(true);
      await shell.reload();
      assert.equal(await shell.productName(), 'Release Desk');
      assert.equal(await shell.currentPageTitle(), 'Dashboard');

      const another = await browser.context.newPage();
      watch(another, browser.problems);
      const second = new OfflineShellPage(another, server.url);
      await second.open('calendar');
      assert.equal(await second.currentPageTitle(), 'Calendar');
      await second.goTo('Settings');
      assert.deepEqual(browser.problems, []);
    });
  });
}

describe('a new deploy of the app served from /release-desk/', () => {
  let site;
  let server;
  let browser;
  let shell;

  before(async () => {
    // A copy of dist/ that the test can redeploy without touching the real bundle.
    site = await mkdtemp(join(tmpdir(), 'release-desk-site-'));
    await cp(DIST, site, { recursive: true });
    server = await startServer('/release-desk/', site);
    browser = await startBrowser();
    shell = new OfflineShellPage(browser.page, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (site) await rm(site, { recursive: true, force: true });
  });

  test('is picked up at the next start, which says so once', async () => {
    const first = await stampedVersion(site);
    await shell.open();
    await shell.waitUntilOfflineReady();
    await shell.waitForOnlyCacheOf(first);
    assert.equal(await shell.updateNotice().count(), 0, 'no notice on a first visit');

    const second = first === 'feedfacefeedface' ? 'facadefacadefaca' : 'feedfacefeedface';
    await restamp(site, first, second);
    await shell.reload();
    await shell.updateNotice().waitFor();
    assert.equal(await shell.updateNoticeText(), 'Release Desk was updated to the new version.');
    await shell.waitForOnlyCacheOf(second);
    await shell.dismissUpdateNotice();

    // Told once: the next start is quiet, and runs offline from the new version's cache.
    await server.stop();
    await browser.context.setOffline(true);
    await shell.reload();
    assert.equal(await shell.updateNotice().count(), 0, 'the notice is shown only once');
    assert.equal(await shell.productName(), 'Release Desk');
    assert.deepEqual(browser.problems, []);
  });
});
