// End-to-end tests of the release bundle in dist/: the app loads without console errors,
// the shell renders, a preference saved before a reload is read back after it, and the
// same bundle works from the root of a host, from a sub-path, and served pre-compressed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, startBrowser, startServer } from './harness.mjs';
import { ShellPage } from './shell.page.mjs';

const NAVIGATION = ['Dashboard', 'Releases', 'Approvals', 'My tasks', 'Calendar', 'Catalogue', 'Reports', 'Settings'];

for (const base of ['/', '/release-desk/']) {
  describe(`the release bundle served from ${base}`, () => {
    let server;
    let browser;
    let shell;

    before(async () => {
      server = await startServer(base);
      browser = await startBrowser();
      shell = new ShellPage(browser.page, server.url);
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test('loads with no console errors and renders the shell', async () => {
      await shell.open();
      assert.equal(await shell.productName(), 'Release Desk');
      assert.deepEqual(await shell.navigationLinks(), NAVIGATION);
      assert.equal(await shell.currentPageTitle(), 'Dashboard');
      assert.deepEqual(browser.problems, []);
    });

    test('navigates between pages and keeps the page across a reload', async () => {
      await shell.open();
      await shell.goTo('Calendar');
      assert.match(browser.page.url(), /#\/calendar$/);
      await shell.reload();
      assert.equal(await shell.currentPageTitle(), 'Calendar');
      assert.deepEqual(browser.problems, []);
    });

    test('a name saved in Settings is read back after a reload', async () => {
      await shell.open('settings');
      await shell.saveName('Margaret Hamilton');
      assert.equal(await shell.personInHeader(), 'Margaret Hamilton');

      await shell.reload();
      assert.equal(await shell.nameField().inputValue(), 'Margaret Hamilton');
      assert.equal(await shell.personInHeader(), 'Margaret Hamilton');
      await shell.goTo('Dashboard');
      assert.equal(
        await browser.page.locator('.dashboard__greeting').innerText(),
        'Welcome, Margaret Hamilton.',
      );
      assert.deepEqual(browser.problems, []);
    });
  });
}

// A release build writes a .br and a .gz beside each file (.ci/compress.mjs); a host that
// serves them in place of the files must give the same app.
describe('the release bundle served pre-compressed', () => {
  let server;
  let browser;
  let shell;

  before(async () => {
    server = await startServer('/', DIST, { precompressed: true });
    browser = await startBrowser();
    shell = new ShellPage(browser.page, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('loads with no console errors, the wasm sent compressed when a sibling exists', async () => {
    const wasm = browser.page.waitForResponse((response) => response.url().endsWith('.wasm'));
    await shell.open();
    assert.equal(await shell.productName(), 'Release Desk');
    assert.deepEqual(await shell.navigationLinks(), NAVIGATION);
    const response = await wasm;
    const name = new URL(response.url()).pathname.split('/').pop();
    const compressed = existsSync(join(DIST, `${name}.gz`));
    const encoding = (await response.allHeaders())['content-encoding'];
    if (compressed) assert.ok(['br', 'gzip'].includes(encoding), `content-encoding ${encoding}`);
    else assert.equal(encoding, undefined);
    assert.deepEqual(browser.problems, []);
  });
});
