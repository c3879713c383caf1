// End-to-end tests of the release bundle in dist/: the app loads without console errors,
// the shell renders, a preference saved before a reload is read back after it, and the
// same bundle works from the root of a host and from a sub-path.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { ShellPage } from './shell.page.mjs';

const NAVIGATION = ['Dashboard', 'Releases', 'Approvals', 'Calendar', 'Catalogue', 'Reports', 'Settings'];

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
