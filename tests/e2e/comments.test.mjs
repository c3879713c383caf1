// End-to-end tests of comments, mentions and search with the demo book. The release
// manager comments on Payments 4.0's plan, mentioning operations through the suggestions;
// the thread shows the mention as a name. Acting as Olga Okafor, the mention waits for her
// on the dashboard and in the header's "What waits for me" until she marks it seen. The header's search finds a risk by a word of
// its mitigation and the comment by its text, and both pages pass axe and fit a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { CommentsPage } from './comments.page.mjs';

const PAYMENTS_4 = 'Payments platform 4 (wallets) v4.0';
const WAREHOUSE_3 = 'Warehouse robotics integration v3.0';

describe('comments, mentions and search in the demo book', () => {
  let server;
  let browser;
  let desk;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    desk = new CommentsPage(browser.page, server.url);
    await desk.loadDemoBook();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a comment with an @mention posted on the plan shows in its thread, the mention as a name', async () => {
    await desk.actAs('Rita Ramos');
    await desk.openRelease(PAYMENTS_4);
    const thread = await desk.thread('the plan');
    await desk.writeComment(thread, [
      { type: 'ol', pick: 'Olga Okafor (@olga)' },
      'can the wallet window move to Sunday night?',
    ]);
    assert.equal(
      await thread.getByLabel('Your comment').inputValue(),
      '@olga can the wallet window move to Sunday night?',
    );
    await desk.post(thread);
    const comment = desk.comments(thread).filter({ hasText: 'wallet window' });
    await comment.waitFor();
    assert.match(await comment.getAttribute('aria-label'), /^Comment by Rita Ramos, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    // Its time reads relative to now, the exact UTC time kept in the <time> element.
    const time = comment.locator('.comments__meta time');
    assert.equal(await time.innerText(), 'just now');
    assert.match(await time.getAttribute('datetime'), /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    assert.match(await time.getAttribute('title'), /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    assert.equal(
      await comment.locator('.comments__text').innerText(),
      '@Olga Okafor can the wallet window move to Sunday night?',
    );
    assert.match(await thread.locator('summary').innerText(), /Comments on the plan \(1 comment\)/);
    // The box is empty again, and a mention of nobody is refused with a suggestion.
    assert.equal(await thread.getByLabel('Your comment').inputValue(), '');
    await desk.writeComment(thread, ['Ask @olgaa too']);
    await desk.post(thread);
    await thread.getByText('Nobody called “@olgaa” is in this book. Did you mean @olga (Olga Okafor)?').waitFor();
    assert.deepEqual(await desk.axeViolations(), []);
    assert.deepEqual(browser.problems, []);
  });

  test('the mentioned person finds the mention waiting for her until she marks it seen', async () => {
    // Rita is not waited for by her own comment.
    assert.match(await (await desk.mentionsForMe()).innerText(), /Nobody is waiting for your reply\./);

    await desk.actAs('Olga Okafor');
    // The header's "What waits for me" counts the mention, and its list says what to do.
    const badge = browser.page.getByRole('link', { name: /^What waits for me: / });
    const waiting = async () => Number((await badge.getAttribute('aria-label')).match(/: (\d+) items?$/)[1]);
    await badge.waitFor();
    const before = await waiting();
    assert.ok(before >= 1, `${before} items wait for Olga`);
    await desk.open('approvals');
    await browser.page.getByText("Answer Rita Ramos's comment on the plan").first().waitFor();
    const mentions = await desk.mentionsForMe();
    const link = mentions.getByRole('link', { name: PAYMENTS_4 });
    await link.waitFor();
    assert.match(await mentions.getByRole('listitem').first().innerText(), /^Rita Ramos on the plan of Payments platform 4 \(wallets\) v4\.0, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    // The link opens the thread, where she marks the mention seen.
    await link.click();
    const thread = browser.page.locator('#section-comments-plan');
    await thread.getByRole('button', { name: 'Mark seen' }).click();
    await thread.getByText('Marked seen.').waitFor();
    assert.equal(await thread.getByRole('button', { name: 'Mark seen' }).count(), 0);
    // Someone else's comment offers her neither edit nor delete.
    assert.equal(await thread.getByRole('button', { name: /^(Edit|Delete)$/ }).count(), 0);
    assert.match(await (await desk.mentionsForMe()).innerText(), /Nobody is waiting for your reply\./);
    assert.equal(await waiting(), before - 1, 'the mention no longer waits for her');
    assert.deepEqual(browser.problems, []);
  });

  test('suggestions follow the @word at the caret, and a pick replaces that word', async () => {
    await desk.actAs('Rita Ramos');
    await desk.openRelease(WAREHOUSE_3);
    const thread = await desk.thread('the release');
    const box = thread.getByLabel('Your comment');
    await box.pressSequentially('ask @al about @');
    const suggestions = thread.getByRole('group', { name: 'People to mention' }).getByRole('button');
    // After the lone @ at the end, everyone may be named.
    await suggestions.nth(1).waitFor();
    // The caret moves back into "@al": only the people "al" may name.
    for (let i = 0; i < 8; i += 1) await box.press('ArrowLeft');
    await browser.page.waitForFunction(() => document.querySelectorAll('.comments__suggestions button').length === 1);
    assert.deepEqual(await suggestions.allInnerTexts(), ['Ana Alves (@ana)']);
    await suggestions.first().click();
    assert.equal(await box.inputValue(), 'ask @ana about @');
    // The caret is after the mention, in the box, ready to type on.
    assert.equal(await box.evaluate((el) => [document.activeElement === el, el.selectionStart].join()), 'true,9');
    await box.fill('');
    assert.deepEqual(browser.problems, []);
  });

  test('deleting a comment asks first, in the page: Keep keeps it, Delete removes it', async () => {
    await desk.actAs('Rita Ramos');
    await desk.openRelease(WAREHOUSE_3);
    const thread = await desk.thread('the release');
    await desk.writeComment(thread, ['A note to take back']);
    await desk.post(thread);
    const comment = desk.comments(thread).filter({ hasText: 'A note to take back' });
    await comment.waitFor();
    await comment.getByRole('button', { name: 'Delete' }).click();
    const confirm = comment.getByRole('group', { name: 'Confirm the deletion' });
    await confirm.getByText('Delete this comment?').waitFor();
    // The safe answer has the focus: Enter keeps the comment.
    const keep = confirm.getByRole('button', { name: 'Keep' });
    await browser.page.waitForFunction(() => document.activeElement?.textContent === 'Keep');
    await browser.page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await comment.count(), 1, 'kept');
    assert.equal(await keep.count(), 0);
    // Asked again, Delete (by keyboard too) removes it; the timeline records the deletion.
    await comment.getByRole('button', { name: 'Delete' }).click();
    await browser.page.waitForFunction(() => document.activeElement?.textContent === 'Keep');
    await browser.page.keyboard.press('Shift+Tab');
    await browser.page.keyboard.press('Enter');
    await comment.waitFor({ state: 'detached' });
    await browser.page.getByText('Deleted a comment').first().waitFor();
    assert.deepEqual(await desk.axeViolations(), []);
    assert.deepEqual(browser.problems, []);
  });

  test('a mention in the demo waits for Sam, and the release page drafts reminders by e-mail', async () => {
    await desk.actAs('Sam Singh');
    const mentions = await desk.mentionsForMe();
    assert.match(await mentions.getByRole('listitem').first().innerText(), /^Tom Tanaka on the tests of Warehouse robotics integration v3\.0, /);

    await desk.actAs('Rita Ramos');
    const query = (href) => new URLSearchParams(href.slice(href.indexOf('?') + 1).replaceAll('+', '%2B'));
    await desk.openRelease(WAREHOUSE_3);
    const thread = await desk.thread('the tests');
    let href = await thread.getByRole('link', { name: 'Remind Sam Singh by e-mail' }).getAttribute('href');
    assert.ok(href.startsWith('mailto:sam@example.org?'), href);
    assert.equal(query(href).get('subject'), `Reminder: answer Tom Tanaka's comment on the tests of ${WAREHOUSE_3}`);
    assert.match(query(href).get('body'), /is waiting .+ for you to answer Tom Tanaka's comment on the tests\.[\s\S]*#\/releases\/\S+/);

    // Payments 4.0's build approval waits for the approver: a reminder to Ana.
    await desk.openRelease(PAYMENTS_4);
    const approvals = browser.page.locator('#section-approvals');
    href = await approvals.getByRole('link', { name: 'Remind by e-mail: build and test' }).getAttribute('href');
    assert.ok(href.startsWith('mailto:ana@example.org?'), href);
    assert.equal(query(href).get('subject'), `Reminder: approve build and test of ${PAYMENTS_4}`);
    assert.match(query(href).get('body'), new RegExp(`${PAYMENTS_4.replace(/[()]/g, '\\$&')} is waiting .+ for you to approve build and test\.`));
    assert.match(query(href).get('body'), /#\/releases\/\S+/);
    // The approver herself is offered the decision, not a reminder.
    await desk.actAs('Ana Alves');
    await desk.openRelease(PAYMENTS_4);
    await approvals.getByRole('heading', { name: /Your decision on/ }).waitFor();
    assert.equal(await approvals.getByRole('link', { name: /^Remind by e-mail/ }).count(), 0);
    assert.deepEqual(browser.problems, []);
  });

  test('search finds a risk by a word of its mitigation, the comment by its text, and leads to a catalogue entry', async () => {
    let results = await desk.search('fallback');
    const risk = results.getByRole('listitem').filter({ hasText: 'Robots stall during peak picking' });
    assert.match(await risk.innerText(), new RegExp(`Risk — ${WAREHOUSE_3.replace(/[()]/g, '\\$&')}`));
    assert.match(await risk.innerText(), /Manual picking fallback rehearsed/);
    assert.match(await risk.getByRole('link').getAttribute('href'), /section=risks$/);

    results = await desk.search('WALLET window');
    const comment = results.getByRole('listitem').filter({ hasText: 'Rita Ramos on the plan' });
    assert.match(await comment.innerText(), /Comment — Payments platform 4 \(wallets\) v4\.0/);
    await comment.getByRole('link').click();
    await browser.page.locator('#section-comments-plan[open]').waitFor();
    await browser.page.locator('#section-comments-plan').getByText('can the wallet window move').waitFor();

    // A catalogue entry's result leads to its row on its tab, marked and focused.
    results = await desk.search('provider contract');
    await results.getByRole('link', { name: 'Payment service provider contract' }).click();
    const row = browser.page.locator('#entry-psp-contract');
    await browser.page.waitForFunction(() => document.activeElement?.id === 'entry-psp-contract');
    assert.match(browser.page.url(), /#\/catalogue\/items\?entry=psp-contract$/);
    assert.match(await row.getAttribute('class'), /catalogue__found/);
    assert.equal(await browser.page.locator('.catalogue__found').count(), 1, 'only that row is marked');
    results = await desk.search('Okafor');
    await results.getByRole('link', { name: 'Olga Okafor' }).click();
    await browser.page.waitForFunction(() => document.activeElement?.id === 'entry-olga');
    assert.match(await browser.page.locator('#entry-olga').innerText(), /^Olga Okafor — /);

    // Typing on the search page searches again after a pause.
    await desk.open('search?q=fallback');
    await browser.page.getByLabel('Search releases, risks, issues, people and comments').fill('robots');
    await browser.page.getByRole('status').filter({ hasText: /results? for “robots”/ }).waitFor();
    assert.deepEqual(await desk.axeViolations(), []);
    await browser.page.setViewportSize({ width: 390, height: 844 });
    assert.ok(await browser.page.evaluate(() => document.documentElement.scrollWidth <= 390));
    assert.deepEqual(browser.problems, []);
  });
});
