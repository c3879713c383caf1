// End-to-end tests of the approvals inbox with the demo book: Payments 4.0's plan waits for
// the approver. A tester, not in the chain, sees it under "Waiting for others" without
// decide buttons; the approver sees it as hers, is told next to the field that a rejection
// needs a reason, approves with a comment, the item leaves her inbox and the page says what
// the approval unlocked; change management then finds it waiting for authorization.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { CalendarPage } from './calendar.page.mjs';

const PAYMENTS_4 = 'Payments platform 4 (wallets) v4.0';
const DECIDE = `build and test for ${PAYMENTS_4}`;

describe('the approvals inbox of the demo book', () => {
  let server;
  let browser;
  let inbox;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    inbox = new CalendarPage(browser.page, server.url);
    await inbox.loadDemoBook();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a person not in the chain sees the round under "Waiting for others", without decide buttons', async () => {
    await inbox.actAs('Tom Tanaka');
    await inbox.openApprovals();
    const item = inbox.item(inbox.others(), PAYMENTS_4);
    await item.waitFor();
    const text = await item.innerText();
    assert.match(text, /Build and test/);
    assert.match(text, /Requested by Rita Ramos on \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    assert.match(text, /Step 1 of 1 in the chain, waiting for approver \(Ana Alves\)\./);
    assert.equal(await inbox.mine().getByText('Nothing is waiting for your decision.').count(), 1);
    assert.equal(await browser.page.getByRole('button', { name: /^(Approve|Reject) / }).count(), 0);
    assert.deepEqual(browser.problems, []);
  });

  test('the approver approves with a comment; the item leaves and the page says what it unlocked', async () => {
    await inbox.actAs('Ana Alves');
    await inbox.openApprovals();
    const item = inbox.item(inbox.mine(), PAYMENTS_4);
    await item.waitFor();
    assert.match(await item.innerText(), /Requested by Rita Ramos/);
    assert.equal(await inbox.item(inbox.others(), PAYMENTS_4).count(), 0);
    assert.deepEqual(await inbox.axeViolations(), []);

    // A rejection needs a reason, said next to the comment field.
    const comment = browser.page.getByLabel(`Comment on ${DECIDE}`);
    await browser.page.getByRole('button', { name: `Reject ${DECIDE}` }).click();
    await item.getByText('Enter the reason for the rejection.').waitFor();
    assert.equal(await comment.getAttribute('aria-invalid'), 'true');

    await comment.fill('Plan reviewed; the wallet risk has an owner.');
    await browser.page.getByRole('button', { name: `Approve ${DECIDE}` }).click();
    await inbox
      .outcome()
      .filter({
        hasText: `Approved. The chain is complete; change management can now authorize build and test for ${PAYMENTS_4}.`,
      })
      .waitFor();
    await item.waitFor({ state: 'detached' });
    await inbox.mine().getByText('Nothing is waiting for your decision.').waitFor();
    assert.equal(await inbox.item(inbox.others(), PAYMENTS_4).count(), 0);
    assert.deepEqual(browser.problems, []);
  });

  test('change management finds the approved gate waiting for its authorization', async () => {
    await inbox.actAs('Carl Chen');
    await inbox.openApprovals();
    const item = inbox.item(inbox.awaitingAuthorization(), PAYMENTS_4);
    await item.waitFor();
    const link = item.getByRole('link', { name: `Authorize build and test for ${PAYMENTS_4}` });
    assert.match(await link.getAttribute('href'), /section=authorization$/);
    assert.deepEqual(browser.problems, []);
  });
});
