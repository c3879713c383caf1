// End-to-end tests of the app's minute clock, with the demo book and the browser's clock
// (Playwright's `page.clock`) set an hour before Storefront faster search's production
// window: operations sees Start disabled with the window named; as the clock runs on, a
// comment's time reads its age, the
// browser tells Olga the window is near (the real Notification constructor, only wrapped to
// record its calls), then Start is offered once the window opens, with no reload.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { recordNotifications, startBrowser, startServer } from './harness.mjs';
import { CommentsPage } from './comments.page.mjs';
import { ReleaseDeployPage, windowStart } from './release_deploy.page.mjs';

const STOREFRONT = 'Storefront faster search';
const WAVE = 'Production rollout';
const MINUTE = 60_000;

describe('the minute clock, an hour before a window', () => {
  let server;
  let browser;
  let desk;
  let start;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    start = windowStart(STOREFRONT, WAVE);
    await browser.page.clock.install({ time: start - 62 * MINUTE });
    await browser.context.grantPermissions(['notifications'], { origin: new URL(server.url).origin });
    await browser.context.addInitScript(recordNotifications);
    desk = new ReleaseDeployPage(browser.page, server.url);
    await desk.loadDemoBook();
    await desk.actAs('olga');
    await desk.openRelease(STOREFRONT);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const startButton = () => desk.wave(WAVE).getByRole('button', { name: `Start deploying ${WAVE}` });

  test('the browser tells operations of the window once it is within the hour', async () => {
    await browser.page.clock.runFor(MINUTE);
    assert.deepEqual(await browser.page.evaluate(() => window.__notified), [], 'an hour away is not near yet');
    await browser.page.clock.runFor(3 * MINUTE);
    await browser.page.waitForFunction(() => window.__notified.length > 0);
    const [told] = await browser.page.evaluate(() => window.__notified);
    assert.match(told.title, /^Deployment window at \d\d:\d\d UTC$/);
    assert.match(told.body, new RegExp(`^${WAVE} of ${STOREFRONT} v`));
    await browser.page.clock.runFor(2 * MINUTE);
    assert.equal((await browser.page.evaluate(() => window.__notified)).length, 1, 'told once');
    assert.deepEqual(browser.problems, []);
  });

  test('a comment reads "just now", then its age as the clock runs on, without a reload', async () => {
    const comments = new CommentsPage(browser.page, server.url);
    const thread = await comments.thread('the release');
    await comments.writeComment(thread, ['Ready on our side for tonight.']);
    await comments.post(thread);
    const time = comments.comments(thread).filter({ hasText: 'Ready on our side' }).locator('time');
    await time.waitFor();
    assert.equal(await time.innerText(), 'just now');
    // The clock ticks each minute from when the app started, so three minutes on the time
    // was last read two or three minutes after the comment.
    await browser.page.clock.runFor(3 * MINUTE);
    assert.match(await time.innerText(), /^[23] minutes ago$/);
    assert.deepEqual(browser.problems, []);
  });

  test('Start is disabled with the window named, and offered once the window opens, without a reload', async () => {
    const button = startButton();
    await button.waitFor();
    assert.ok(await button.isDisabled(), 'the window has not opened');
    const why = await button.getAttribute('aria-describedby');
    assert.ok(why, 'the reason is tied to the button');
    assert.match(await browser.page.locator(`[id="${why}"]`).innerText(), /window/i);
    await browser.page.clock.runFor(60 * MINUTE);
    await assert.doesNotReject(
      browser.page.waitForFunction(
        (name) => [...document.querySelectorAll('button')].some((b) => b.textContent === name && !b.disabled),
        `Start deploying ${WAVE}`,
        { timeout: 5_000 },
      ),
      'Start is enabled once the window opens',
    );
    assert.equal(await button.getAttribute('aria-describedby'), null);
    assert.deepEqual(browser.problems, []);
  });
});
