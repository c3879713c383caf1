// End-to-end tests of the release page's defects found trying it as its users would
// (issue 14, "The release page" and "Gates"): forms read the book as it is now, a form is
// ready for the next entry once one is saved, a confirmation appears only by the gate it
// concerns, the timeline's links are named after their events, and a test run has a
// labelled result and evidence field for each criterion, on a phone and on a desktop.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { JourneyPage } from './journey.page.mjs';

const RITA = 'Rita Ramos'; // release manager
const CARL = 'Carl Chen'; // change manager (CAB)
const TOM = 'Tom Tanaka'; // tester

describe('the release page reads the book as it is now and says what each action did', () => {
  let server;
  let browser;
  /** @type {JourneyPage} */
  let desk;

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    browser = await startBrowser();
    desk = new JourneyPage(browser.page, server.url);
    await desk.loadDemoBook();
  });
  afterEach(async () => {
    await browser?.close();
  });

  test('the wave form offers a component put in the package a moment ago, without a reload', async () => {
    await desk.actAs(RITA);
    const { suggested } = await desk.createRelease({
      service: 'Point of sale',
      category: 'minor',
      name: 'Till receipts',
      rfcs: 'RFC-3001',
    });
    const waves = desk.section('Deployment waves');
    // The form is open before the package has anything in it.
    await desk.openDetails(waves, 'Plan a wave');
    const form = waves.getByRole('form', { name: 'Plan a wave' });
    assert.equal(await form.getByRole('checkbox').count(), 0, 'the package is empty at first');

    await desk.addToPackage('Till software (application / software)', suggested);
    const till = form.getByRole('checkbox', { name: 'Till software', exact: true });
    await till.waitFor({ timeout: 5_000 });
    await till.check();
    await form.getByText('Deploys in this order: Till software.').waitFor();
    assert.deepEqual(browser.problems, []);
  });

  test('after a deviation waiving a criterion, an ordinary issue is raised from the same form', async () => {
    await desk.actAs(RITA);
    await desk.createRelease({ service: 'Point of sale', category: 'minor', name: 'Till prompts', rfcs: 'RFC-3002' });
    await desk.actAs(TOM);
    await desk.addCriterion('Receipts print in under 1 s', 'test');

    const issues = desk.deploy.section('Deviations and issues');
    await desk.deploy.expand(issues, 'Raise a deviation or issue');
    const form = issues.getByRole('form', { name: 'Raise a deviation or issue' });
    await form.getByLabel('Kind', { exact: true }).selectOption('deviation');
    await form.getByLabel('What happened').fill('Receipts print in 1.4 s on old printers');
    await form
      .getByLabel('Pass/fail criterion a deviation waives, once approved')
      .selectOption({ label: 'Receipts print in under 1 s' });
    await desk.deploy.click(form, 'Raise it');
    await issues.getByRole('listitem', { name: 'Deviation: Receipts print in 1.4 s on old printers' }).waitFor();
    // Saved, the form closed: opened again, it is the same form, empty.
    await desk.deploy.expand(issues, 'Raise a deviation or issue');
    assert.equal(
      await form.getByLabel('Pass/fail criterion a deviation waives, once approved').inputValue(),
      '',
      'the waived criterion is cleared with the rest of the form',
    );

    await form.getByLabel('Kind', { exact: true }).selectOption('issue');
    await form.getByLabel('What happened').fill('Paper jams on the first receipt of the day');
    await desk.deploy.click(form, 'Raise it');
    await issues.getByRole('listitem', { name: 'Issue: Paper jams on the first receipt of the day' }).waitFor();
    assert.equal(await form.getByRole('alert').filter({ hasText: /\S/ }).count(), 0, 'nothing is refused');
    assert.deepEqual(browser.problems, []);
  });

  test('after authorizing a gate, "Authorized." stands by that gate only, not by the next one', async () => {
    await desk.actAs(CARL);
    await desk.openRelease('Till self-checkout mode v7.2');
    assert.equal(await desk.authorize('start of planning'), 'Authorized.');
    await desk.waitForStatus('planning');

    const header = desk.page.locator('.release__header');
    const confirmations = header.getByText('Authorized.', { exact: true });
    assert.equal(await confirmations.count(), 1, 'one confirmation');
    const outcome = header.getByRole('group', { name: 'Outcome for Start of planning', exact: true });
    await outcome.getByText('Authorized.', { exact: true }).waitFor();
    // The next gate's actions (its buttons and their own outcome) say nothing yet.
    assert.equal(await header.locator('.release__actions').filter({ hasText: 'Authorized.' }).count(), 0);
    assert.deepEqual(browser.problems, []);
  });

  test("the audit timeline's links are each named after their event", async () => {
    await desk.deploy.openRelease('Payments faster refunds');
    const timeline = desk.page.getByRole('list', { name: 'Events of this release' });
    const links = timeline.getByRole('link');
    const count = await links.count();
    assert.ok(count > 20, `the demo release has many events (${count})`);
    assert.equal(count, await timeline.getByRole('listitem').count(), 'one link per event');
    const names = await links.evaluateAll((all) => all.map((a) => a.getAttribute('aria-label') ?? a.textContent));
    for (const name of names) {
      assert.match(name, /^Show as of this event: .+ \(.+, \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/, name);
    }
    assert.equal(new Set(names).size, names.length, `distinct names: ${names.filter((n, i) => names.indexOf(n) !== i)}`);
    // The name is what assistive technology announces: one link answers to it.
    assert.equal(await desk.page.getByRole('link', { name: names[0], exact: true }).count(), 1);
    assert.deepEqual(browser.problems, []);
  });

  for (const width of [390, 1280]) {
    test(`at ${width} px, a test run has a labelled result and evidence field per criterion, within the form`, async () => {
      await desk.page.setViewportSize({ width, height: 900 });
      await desk.actAs(TOM);
      await desk.deploy.openRelease('Warehouse robotics integration');
      const section = desk.testsSection();
      await desk.openForm(section, 'Record a test run');
      const form = section.getByRole('form', { name: 'Record a test run' });
      await form.waitFor();
      const box = await form.boundingBox();
      for (const criterion of ['Regression suite passes', 'p95 latency under 300 ms at 2x peak']) {
        const result = form.getByRole('combobox', { name: `Result for “${criterion}”`, exact: true });
        const evidence = form.getByRole('textbox', { name: `Evidence for “${criterion}”`, exact: true });
        for (const field of [result, evidence]) {
          await field.waitFor();
          const at = await field.boundingBox();
          assert.ok(at.width >= 100, `${criterion}: a usable field (${at.width} px wide)`);
          assert.ok(at.x >= box.x - 1 && at.x + at.width <= box.x + box.width + 1, `${criterion}: inside the form`);
        }
        assert.deepEqual(
          await result.locator('option').allInnerTexts(),
          ['not judged', 'passed', 'failed'],
        );
      }
      // The form fits the screen.
      assert.ok(box.x >= 0 && box.x + box.width <= width, `the form fits in ${width} px`);
      assert.deepEqual(browser.problems, []);
    });
  }
});
