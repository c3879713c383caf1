// End-to-end tests of a release's deployment and what follows, on the demo book, switching
// between the people who deploy, manage and review: a wave started and verified by
// operations and the two operational notifications; a failed wave backed out with a
// reason; risks and issues recorded and shown by severity; the handover that only
// operations may accept; and a conflict between two copies of the book, resolved by
// choosing a side.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { ReleaseDeployPage } from './release_deploy.page.mjs';

const STOREFRONT = 'Storefront faster search'; // Test and Staging verified; Production ready.
const WAREHOUSE = 'Warehouse wave picking'; // In review: PIR and handover still to do.
const ROBOTICS = 'Warehouse robotics integration'; // Build and test, with a risk and a deviation.
const HOTFIX = 'Duplicate card charges hotfix'; // Emergency release in early life support.

describe('a release deployed and handed over', () => {
  let server;
  let browser;
  let desk;

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    browser = await startBrowser();
    desk = new ReleaseDeployPage(browser.page, server.url);
    await desk.loadDemoBook();
  });
  afterEach(async () => {
    await browser?.close();
  });

  test('operations starts and verifies a wave, then sends both operational notifications', async () => {
    // Its window is two days away: change management lets it go now.
    await desk.overrideWindow(STOREFRONT, 'Production rollout', 'Incident INC-5120: search is down', 'olga');
    await desk.startAndVerify('Production rollout', true, 'Search p95 at 180 ms, no errors');
    const wave = desk.wave('Production rollout');
    await wave.getByText(/^Started by Olga Okafor, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/).waitFor();
    await wave.getByText(/^Working: Search p95 at 180 ms, no errors — Olga Okafor, /).waitFor();

    const ops = desk.section('Early life support');
    await desk.click(ops, 'Notify: service live, early life support begins');
    await ops.getByText(/^Notified by Olga Okafor, /).first().waitFor();
    await desk.click(ops, 'Notify: fully operational, SLAs enforced');
    await assert.doesNotReject(
      ops.getByText(/^Notified by Olga Okafor, /).nth(1).waitFor(),
      'both notifications say who sent them',
    );
    assert.equal(
      await ops.getByRole('button', { name: /^Notify/ }).count(),
      0,
      'no notification is offered twice',
    );
    // Now in review: feedback is offered, the handover awaits operations.
    await desk.section('Handover to operations').getByRole('button', { name: 'Accept the handover to operations' }).waitFor();
    assert.deepEqual(browser.problems, []);
  });

  test('a wave that fails verification offers remediation, and is backed out with a reason', async () => {
    // Its window is two days away: change management lets it go now.
    await desk.overrideWindow(STOREFRONT, 'Production rollout', 'Incident INC-5120: search is down', 'olga');
    await desk.startAndVerify('Production rollout', false, 'Search returns 500 for 3% of queries');
    const wave = desk.wave('Production rollout');
    await wave.getByText('This wave failed verification. Remediate it and verify again, or back out the whole deployment.').waitFor();
    await wave.getByRole('button', { name: 'Record remediation of Production rollout' }).waitFor();
    await wave.getByRole('link', { name: 'Back out the deployment instead' }).click();

    const backout = desk.section('Back-out plan');
    await desk.click(backout, 'Back out the deployment');
    const reason = backout.getByLabel('Why the deployment is backed out');
    await assert.doesNotReject(
      backout.getByText('Enter why the deployment is backed out.').waitFor(),
      'a back-out without a reason is refused next to the field',
    );
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    await reason.fill('Search index corrupt on two shards');
    await desk.click(backout, 'Back out the deployment');
    await backout.getByRole('status').filter({ hasText: 'This release is backed out' }).waitFor();
    await backout.getByText(/^Last back-out — Olga Okafor, .+: Search index corrupt on two shards$/).waitFor();
    await wave.getByRole('heading', { name: /backed out$/ }).waitFor();
    // Operations may not re-plan; the release manager may.
    assert.equal(await backout.getByRole('button', { name: 'Re-plan the release' }).count(), 0);
    await desk.actAs('rita');
    await desk.openRelease(STOREFRONT);
    await desk.section('Back-out plan').getByRole('button', { name: 'Re-plan the release' }).waitFor();
    assert.deepEqual(browser.problems, []);
  });

  test('a risk and an issue with its corrective action are recorded and listed by severity', async () => {
    await desk.actAs('rita');
    await desk.openRelease(ROBOTICS);
    const risks = desk.section('Risks');
    assert.deepEqual(await desk.entries('Risks'), ['Risk: Robots stall during peak picking']);
    await desk.expand(risks, 'Raise a risk');
    const riskForm = risks.getByRole('form', { name: 'Raise a risk' });
    await riskForm.getByLabel('What could go wrong').fill('Scanner batteries run flat mid-shift');
    await riskForm.getByLabel('Likelihood').selectOption('5');
    await riskForm.getByLabel('Impact').selectOption('4');
    await riskForm.getByText('Severity: critical').waitFor();
    await riskForm.getByLabel('Owner').fill('Olga Okafor');
    await riskForm.getByLabel('Mitigation').fill('Spare batteries at every dock');
    await desk.click(riskForm, 'Raise the risk');
    await risks.getByRole('listitem', { name: 'Risk: Scanner batteries run flat mid-shift' }).waitFor();
    assert.deepEqual(await desk.entries('Risks'), [
      'Risk: Scanner batteries run flat mid-shift',
      'Risk: Robots stall during peak picking',
    ]);
    const added = risks.getByRole('listitem', { name: 'Risk: Scanner batteries run flat mid-shift' });
    await added.getByText('critical severity').waitFor();
    await added.getByText(/^Recorded by Rita Ramos, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/).waitFor();

    const issues = desk.section('Deviations and issues');
    await desk.expand(issues, 'Raise a deviation or issue');
    const issueForm = issues.getByRole('form', { name: 'Raise a deviation or issue' });
    await issueForm.getByLabel('What happened').fill('Robot dock firmware differs between sites');
    await issueForm.getByLabel('Severity').selectOption('high');
    await issueForm.getByLabel('Corrective action').fill('Align all docks on firmware 1.1 before deployment');
    await desk.click(issueForm, 'Raise it');
    const issue = issues.getByRole('listitem', { name: 'Issue: Robot dock firmware differs between sites' });
    await issue.getByText('Align all docks on firmware 1.1 before deployment').waitFor();
    await issue.getByText('high severity').waitFor();
    assert.deepEqual(await desk.entries('Deviations and issues'), [
      'Issue: Robot dock firmware differs between sites',
      'Deviation: Accept 450 ms p95 until robot firmware 1.2',
    ]);
    // Closing the issue folds it away under the closed entries.
    await desk.expand(issue, 'Update “Robot dock firmware differs between sites”');
    await issue.getByLabel('Status').selectOption('closed');
    await desk.click(issue, 'Save changes');
    await issues.getByText('1 closed deviation or issue').waitFor();
    assert.deepEqual(await desk.entries('Deviations and issues'), [
      'Deviation: Accept 450 ms p95 until robot firmware 1.2',
    ]);
    assert.deepEqual(browser.problems, []);
  });

  test('the handover is not offered to others, and operations accepts it', async () => {
    await desk.actAs('sam');
    await desk.openRelease(WAREHOUSE);
    const handover = desk.section('Handover to operations');
    await handover.getByText('Only operations accepts the handover.').waitFor();
    assert.equal(await handover.getByRole('button').count(), 0);
    await handover.getByText('The release cannot close until operations formally accepts the handover', { exact: false }).waitFor();

    await desk.actAs('rita');
    await desk.openRelease(WAREHOUSE);
    await handover.getByText('Only operations accepts the handover.').waitFor();
    assert.equal(await handover.getByRole('button', { name: 'Accept the handover to operations' }).count(), 0);

    await desk.actAs('olga');
    await desk.openRelease(WAREHOUSE);
    await handover.getByLabel('Conditions or remarks (optional)').fill('Runbook v3 received');
    await desk.click(handover, 'Accept the handover to operations');
    await handover.getByText(/^Operations accepted the handover — Olga Okafor, /).waitFor();
    assert.equal(await handover.getByRole('button', { name: 'Accept the handover to operations' }).count(), 0);

    // Shown as it was right after "fully operational": the records, and no action at all.
    await desk.openRelease(WAREHOUSE, await desk.eventId(WAREHOUSE, 'declare_fully_operational'));
    await handover.getByText('Operations has not accepted the handover yet.').waitFor();
    await desk.section('Early life support').getByText(/^Notified by Olga Okafor, /).nth(1).waitFor();
    for (const name of ['Deployment waves', 'Back-out plan', 'Early life support', 'Risks', 'Review', 'Handover to operations']) {
      assert.equal(await desk.section(name).getByRole('button').count(), 0, `${name} offers nothing in the past`);
      assert.equal(await desk.section(name).getByRole('textbox').count(), 0, `${name} has no form in the past`);
    }
    assert.deepEqual(browser.problems, []);
  });
});

describe('two copies of the book that disagree', () => {
  let server;
  let laptops = [];

  before(async () => {
    server = await startServer();
    laptops = [await startBrowser(), await startBrowser()];
  });
  after(async () => {
    for (const laptop of laptops) await laptop?.close();
    await server?.stop();
  });

  test('show the conflict on the release with both sides, resolved by choosing one', async () => {
    const [a, b] = laptops.map((l) => new ReleaseDeployPage(l.page, server.url));
    // Each laptop, offline from the other, sends "fully operational" for the hotfix.
    for (const desk of [a, b]) {
      await desk.loadDemoBook();
      await desk.actAs('olga');
      await desk.openRelease(HOTFIX);
      const ops = desk.section('Early life support');
      await desk.click(ops, 'Notify: fully operational, SLAs enforced');
      await ops.getByText(/^Notified by Olga Okafor, /).nth(1).waitFor();
    }
    await a.open('settings');
    const exported = await a.exportBook();
    await b.open('settings');
    const message = await b.importFile({
      name: 'laptop-a.json',
      mimeType: 'application/json',
      buffer: Buffer.from(exported.text),
    });
    assert.match(message, /1 conflict to resolve/);

    // Only a manager settles it; operations sees it without the buttons.
    await b.openRelease(HOTFIX);
    const conflicts = b.section('Conflicts to resolve');
    await conflicts.getByText('Not applied').waitFor();
    assert.equal(await conflicts.getByRole('button').count(), 0);
    await b.actAs('rita');
    await b.openRelease(HOTFIX);
    const kept = await conflicts.getByRole('definition').first().innerText();
    const dropped = await conflicts.getByRole('definition').nth(1).innerText();
    for (const side of [kept, dropped]) {
      assert.match(side, /^Notified: fully operational, SLAs enforced — Olga Okafor, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    }
    await conflicts.getByText(/cannot declare the service fully operational: the release is in review/).waitFor();
    await b.click(conflicts, 'Keep what the book shows');
    await conflicts.waitFor({ state: 'detached' });
    // Settled for good: after a reload the release shows no conflict, and the log keeps
    // both notifications and the resolution.
    await b.openRelease(HOTFIX);
    assert.equal(await conflicts.count(), 0);
    for (const laptop of laptops) assert.deepEqual(laptop.problems, []);
  });
});
