// End-to-end tests of the reference text's missing pieces, with the demo book: the release
// policy's default rollout approach pre-fills a new release; a build and test milestone
// planned on the release page appears on the calendar on its day and in its list; and the
// handover names utility and warranty with where their criteria stand.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addAxe, startBrowser, startServer } from './harness.mjs';
import { CataloguePage } from './catalogue.page.mjs';
import { ReleasesPage } from './releases.page.mjs';
import { ReleasePage } from './release.page.mjs';
import { CalendarPage, dayWords } from './calendar.page.mjs';

/** The serious or critical axe violations of the page as it stands. */
async function seriousViolations(page) {
  await addAxe(page);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(({ id, nodes }) => ({ id, nodes: nodes.map((n) => n.target) }));
  });
}

describe('the schedule, the default approach and service acceptance', () => {
  let server;
  let browser;
  let release;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    release = new ReleasePage(browser.page, server.url);
    await release.loadDemoBook();
    await release.actAs('Rita Ramos');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("the policy's default rollout approach pre-fills a new release", async () => {
    const catalogue = new CataloguePage(browser.page, server.url);
    await catalogue.openTab('Release policies');
    await browser.page.getByLabel('Policy of the service', { exact: true }).selectOption({ label: 'Warehouse management' });
    const rollout = browser.page.getByLabel('Rollout', { exact: true });
    assert.equal(await rollout.inputValue(), 'big bang');
    await rollout.selectOption('phased');
    await browser.page.getByLabel('Deployment', { exact: true }).selectOption('manual');
    await catalogue.press('Save the policy');
    await catalogue.saved();

    const wizard = new ReleasesPage(browser.page, server.url);
    await wizard.openWizard();
    await wizard.fillWizard({ service: 'Warehouse management' });
    assert.equal(await browser.page.getByLabel('Rollout', { exact: true }).inputValue(), 'phased');
    assert.equal(await browser.page.getByLabel('Deployment', { exact: true }).inputValue(), 'manual');
    // Another service keeps its own default; the person can still change it.
    await wizard.fillWizard({ service: 'Payments' });
    assert.equal(await browser.page.getByLabel('Rollout', { exact: true }).inputValue(), 'big bang');
    await wizard.fillWizard({ service: 'Warehouse management' });
    await browser.page.getByLabel('Rollout', { exact: true }).selectOption('big bang');
    assert.equal(await browser.page.getByLabel('Rollout', { exact: true }).inputValue(), 'big bang');
    assert.deepEqual(browser.problems, []);
  });

  test('a milestone planned on the release page appears on the calendar on its day', async () => {
    await release.openRelease('Storefront redesign v6.0');
    const schedule = release.section('Build and test schedule');
    const today = new Date();
    const iso = today.toISOString().slice(0, 10);
    // Closed until asked for, as the page's other forms.
    assert.equal(await schedule.getByRole('button', { name: 'Add the milestone' }).count(), 0);
    await release.openForm(schedule, 'Plan a milestone');
    await schedule.getByLabel('Milestone', { exact: true }).selectOption('UAT sign-off');
    await schedule.getByLabel('Date (UTC)', { exact: true }).fill(iso);
    await schedule.getByLabel('Environment', { exact: true }).selectOption({ label: 'Staging' });
    await schedule.getByRole('button', { name: 'Add the milestone' }).click();
    const row = schedule.getByRole('row').filter({ hasText: 'UAT sign-off' });
    await row.waitFor();
    assert.deepEqual(await row.getByRole('cell').allInnerTexts().then((c) => c.slice(0, 4)), [iso, 'UAT sign-off', 'Staging', 'not yet']);

    // A test end dated before a test start is planned: the domain's warning shows.
    await schedule.getByText('Milestone saved.').waitFor();
    for (const [kind, day] of [['Test start', '2031-03-10'], ['Test end', '2031-03-02']]) {
      await release.openForm(schedule, 'Plan a milestone');
      await schedule.getByLabel('Milestone', { exact: true }).selectOption(kind);
      await schedule.getByLabel('Date (UTC)', { exact: true }).fill(day);
      await schedule.getByRole('button', { name: 'Add the milestone' }).click();
      await schedule.getByRole('cell', { name: day }).waitFor();
    }
    await schedule.getByRole('note', { name: "The schedule's order" })
      .getByText('“Test end” (2031-03-02) comes before “Test start” (2031-03-10).').waitFor();

    // Edited: marked done.
    await row.getByRole('button', { name: 'Edit UAT sign-off' }).click();
    await schedule.getByLabel('Done', { exact: true }).check();
    await schedule.getByRole('button', { name: 'Save the milestone' }).click();
    await schedule.getByRole('row').filter({ hasText: 'UAT sign-off' }).getByRole('cell', { name: 'done', exact: true }).waitFor();

    // The misplaced test end is removed: the warning goes.
    await schedule.getByRole('row').filter({ hasText: 'Test end' }).getByRole('button', { name: 'Edit Test end' }).click();
    await schedule.getByRole('button', { name: 'Remove the milestone' }).click();
    await schedule.getByRole('cell', { name: '2031-03-02' }).waitFor({ state: 'detached' });
    assert.equal(await schedule.getByRole('note').count(), 0);

    // On the calendar: a marker on its day, linking to the release, and the list below.
    const calendar = new CalendarPage(browser.page, server.url);
    await calendar.openCalendar(`view=month&date=${iso}`);
    const cell = calendar.page.getByRole('cell', { name: new RegExp(`^${dayWords(new Date(`${iso}T00:00:00Z`))}(,|$)`) });
    const marker = cell.getByRole('link', { name: /^UAT sign-off \(done\)/ });
    await marker.waitFor();
    assert.match(await marker.textContent(), /^UAT sign-off \(done\): Storefront redesign v6\.0$/);
    const list = browser.page.getByRole('region', { name: 'Build and test milestones' });
    const listed = list.getByRole('row').filter({ hasText: 'UAT sign-off' });
    assert.deepEqual(await listed.getByRole('cell').allInnerTexts(), [iso, 'UAT sign-off', 'Staging', 'done', 'Storefront redesign v6.0']);
    // The marked calendar, then the release page with its schedule and warnings, pass axe
    // in both themes.
    for (const theme of ['light', 'dark']) {
      await browser.page.emulateMedia({ colorScheme: theme });
      assert.deepEqual(await seriousViolations(browser.page), [], `calendar, ${theme}`);
    }
    await listed.getByRole('link', { name: 'Storefront redesign v6.0' }).click();
    await browser.page.getByRole('heading', { level: 1, name: 'Storefront redesign v6.0' }).waitFor();
    await release.section('Build and test schedule').getByRole('table').waitFor();
    for (const theme of ['light', 'dark']) {
      await browser.page.emulateMedia({ colorScheme: theme });
      assert.deepEqual(await seriousViolations(browser.page), [], `release page, ${theme}`);
    }
    await browser.page.emulateMedia({ colorScheme: 'light' });
    assert.deepEqual(browser.problems, []);
  });

  test('the handover names utility and warranty with where their criteria stand', async () => {
    await release.openRelease('Payments faster refunds v3.3');
    const handover = release.section('Handover to operations');
    const acceptance = handover.getByRole('group', { name: 'Service acceptance: utility and warranty' });
    await acceptance.getByText(/^Utility: fit for purpose, .+ Warranty: fit for use, /).waitFor();
    assert.deepEqual(await acceptance.getByRole('listitem').allInnerTexts(), [
      'Utility: Regression suite passes — met',
      'Warranty: p95 latency under 300 ms at 2x peak — met',
    ]);
    // The evaluation in the review shows the same, under the same names.
    const review = release.page.getByRole('group', { name: 'Service acceptance: utility and warranty' }).first();
    assert.equal(await release.page.getByRole('group', { name: 'Service acceptance: utility and warranty' }).count(), 2);
    await review.getByText('Utility: Regression suite passes — met', { exact: true }).waitFor();
    assert.deepEqual(browser.problems, []);
  });
});
