// End-to-end tests of "what waits for me" with the demo book: Payments 4.0's build gate has
// waited for the approver for months. The inbox shows its age, flags it as overdue and
// shows what to decide on; the reminder e-mail names the release and the age; the
// header's badge counts what waits and drops when the approver decides; and a change made
// in another tab raises a browser notification (the real Notification constructor, only
// wrapped to record its calls) for change management, who must now authorize.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { recordNotifications, startBrowser, startServer, watch } from './harness.mjs';
import { CalendarPage } from './calendar.page.mjs';

const PAYMENTS_4 = 'Payments platform 4 (wallets) v4.0';
const DECIDE = `build and test for ${PAYMENTS_4}`;

describe('what waits for me, with the demo book', () => {
  let server;
  let browser;
  let inbox;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    await browser.context.grantPermissions(['notifications'], { origin: new URL(server.url).origin });
    await browser.context.addInitScript(recordNotifications);
    inbox = new CalendarPage(browser.page, server.url);
    await inbox.loadDemoBook();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const badge = (page) => page.getByRole('link', { name: /^What waits for me: / });

  test('the inbox shows each request\'s age, flags an old one and shows what to decide on', async () => {
    // The demo's people have e-mail addresses, for reminders.
    await inbox.actAs('Rita Ramos');
    // Six days on (the browser's clock moved forward), the demo's three-day-old request
    // has waited more than a week.
    await browser.page.clock.setSystemTime(Date.now() + 6 * 24 * 3600 * 1000);
    await inbox.openApprovals();
    const item = inbox.item(inbox.others(), PAYMENTS_4);
    await item.waitFor();
    const text = await item.innerText();
    assert.match(text, /Overdue: waiting \d+ days, more than a week/);
    const days = Number(text.match(/waiting (\d+) days/)[1]);
    assert.ok(days > 7, `${days} days is old`);
    for (const heading of ['Open risks', 'Tests', 'Deviations', 'Changes']) {
      assert.equal(await item.locator('dt', { hasText: heading }).count(), 1, heading);
    }
    assert.match(text, /Tests\s+\d+ passed, \d+ failed|Tests\s+none recorded/);
    assert.doesNotMatch(text, /Changes\s+no configuration item/, 'the package has changes');
    await browser.page.setViewportSize({ width: 390, height: 800 });
    const fits = await item.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= 390);
    assert.ok(fits, 'the request fits a phone');
    assert.deepEqual(await inbox.axeViolations(), []);
    await browser.page.setViewportSize({ width: 1280, height: 800 });

    // The reminder: to the approver, naming the release, what is asked and the age.
    const href = await item.getByRole('link', { name: /^Remind by e-mail/ }).getAttribute('href');
    assert.ok(href.startsWith('mailto:ana@example.org?'), href);
    const query = new URLSearchParams(href.slice(href.indexOf('?') + 1).replaceAll('+', '%2B'));
    assert.equal(query.get('subject'), `Reminder: approve build and test of ${PAYMENTS_4}`);
    const body = query.get('body');
    assert.match(body, new RegExp(`${PAYMENTS_4.replace(/[()]/g, '\\$&')} is waiting ${days} days for you to approve build and test`));
    assert.match(body, /#\/releases\/[^\s]+/);
    assert.deepEqual(browser.problems, []);
    await browser.page.clock.setSystemTime(Date.now());
  });

  test('the badge counts what waits; a decision in another tab drops it there and notifies change management here', async () => {
    await inbox.actAs('Carl Chen');
    await badge(browser.page).waitFor();
    // Carl's post-implementation review of Warehouse wave picking waits.
    assert.equal(await badge(browser.page).getAttribute('aria-label'), 'What waits for me: 1 item');
    assert.deepEqual(await browser.page.evaluate(() => window.__notified), [], 'nothing new yet');

    const other = await browser.context.newPage();
    watch(other, browser.problems);
    const tab = new CalendarPage(other, server.url);
    await tab.open();
    await tab.actAs('Ana Alves');
    await badge(other).waitFor();
    assert.equal(await badge(other).getAttribute('aria-label'), 'What waits for me: 1 item');
    await tab.openApprovals();
    const item = tab.item(tab.mine(), PAYMENTS_4);
    await item.waitFor();
    await other.getByLabel(`Comment on ${DECIDE}`).fill('Reviewed.');
    await other.getByRole('button', { name: `Approve ${DECIDE}` }).press('Enter');
    await other.getByRole('link', { name: 'What waits for me: 0 items' }).waitFor();

    // The first tab learns of the approval from the second and tells Carl.
    await browser.page.bringToFront();
    await browser.page.getByRole('link', { name: 'What waits for me: 2 items' }).waitFor();
    await browser.page.waitForFunction(() => window.__notified.length > 0);
    const notified = await browser.page.evaluate(() => window.__notified);
    assert.deepEqual(notified, [{ title: 'Authorize build and test', body: PAYMENTS_4 }]);

    // Told once: a reload (as Carl again: the other tab chose Ana) learns nothing new.
    await inbox.actAs('Carl Chen');
    await browser.page.getByRole('link', { name: 'What waits for me: 2 items' }).waitFor();
    await browser.page.waitForTimeout(500);
    assert.deepEqual(await browser.page.evaluate(() => window.__notified), []);
    await other.close();
    assert.deepEqual(browser.problems, []);
  });
});
