// End-to-end journeys through the UI only, on the demo book, switching between the people
// who plan, authorize, approve, test, deploy and review with the header's "Acting as":
// a major release from the wizard to closed; an emergency release authorized gate by gate
// at once by the emergency CAB up to its deployment; a phased rollout whose second wave
// fails verification, is backed out and re-planned.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';

/** A deployment window open now (from an hour ago to three hours on), as the wave form
 * takes it: a wave starts only inside its window, and these journeys deploy at once. */
function openWindow() {
  const minute = (ms) => new Date(ms).toISOString().slice(0, 16);
  const now = Date.now();
  return { start: minute(now - 3_600_000), end: minute(now + 3 * 3_600_000) };
}
import { JourneyPage } from './journey.page.mjs';

const RITA = 'Rita Ramos'; // release manager
const CARL = 'Carl Chen'; // change manager (CAB)
const ANA = 'Ana Alves'; // approver
const TOM = 'Tom Tanaka'; // tester
const OLGA = 'Olga Okafor'; // operations
const SAM = 'Sam Singh'; // stakeholder

const PLAN = {
  changes: 'Till software 8 with contactless refunds',
  affected: 'Cashiers in 120 stores and the service desk',
  riskAssessment: 'Moderate: every till changes; back-out rehearsed',
  schedule: 'Phased, out of trading hours: Test, Staging, then Production',
  buildPlan: 'Pipeline build from the tagged commit; signed packages',
  testPlan: 'Regression suite and a load test at twice the peak',
};
const CRITERIA = ['Regression suite passes', 'Checkout under 2 s at twice the peak'];

describe('journeys of a release through the desk', () => {
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
    desk = new JourneyPage(browser.page, server.url);
    await desk.loadDemoBook();
  });
  afterEach(async () => {
    await browser?.close();
  });

  /** The plan, the criteria (as the tester) and the back-out plan of the open release. */
  async function writePlan(criteria = CRITERIA) {
    await desk.actAs(RITA);
    await desk.fillPlan(PLAN);
    await desk.writeBackoutPlan('Reinstall the previous till image from the store server');
    await desk.actAs(TOM);
    for (const text of criteria) await desk.addCriterion(text, 'test');
  }

  /**
   * The build (as the release manager) and a passing package test (as the tester), then
   * the `more` kinds of run ("rehearsal", "pilot") passing too.
   */
  async function buildAndTest(criteria = CRITERIA, more = []) {
    await desk.actAs(RITA);
    await desk.recordBuild({
      name: 'Till software package',
      inputs: ['git 7c1e2a0'],
      steps: ['make release', 'sign packages'],
      checksums: ['sha256:51a0…9f3c'],
      location: 'Definitive media library',
    });
    await desk.actAs(TOM);
    await desk.recordTestRun({
      name: 'Regression suite 1',
      kind: 'package test',
      results: Object.fromEntries(criteria.map((c) => [c, 'passed'])),
      notes: 'All green',
    });
    for (const kind of more) {
      await desk.recordTestRun({
        name: `Staging ${kind}`,
        kind,
        results: Object.fromEntries(criteria.map((c) => [c, 'passed'])),
        notes: 'As planned',
      });
    }
  }

  /** Approval of the next gate through its chain (the approver, then operations if asked). */
  async function approveThrough(phrase, approvers) {
    await desk.actAs(RITA);
    assert.equal(await desk.askApproval(phrase), null, `approval for ${phrase} requested`);
    for (const name of approvers) await desk.approveAs(name, `${name}: go`);
  }

  test('a major release goes from the wizard to closed, each step by the person whose role it is', async () => {
    await desk.actAs(RITA);
    const { suggested } = await desk.createRelease({
      service: 'Point of sale',
      category: 'major',
      name: 'Till software 8',
      rfcs: 'RFC-2101',
    });
    assert.equal(suggested, '8.0', 'the policy numbers the next major release after 7.x as 8.0');
    assert.equal(await desk.status(), 'draft');
    assert.equal(await desk.currentPhase(), null, 'a draft is in no phase yet');
    assert.equal(await desk.nextStep(), 'Start of planning');

    // Planning: the RFC is all it needs; the chains come from the service's policy.
    await desk.actAs(CARL);
    assert.equal(await desk.authorizeGate('start of planning', 'CAB 2101'), null);
    await desk.waitForStatus('planning');
    assert.equal(await desk.currentPhase(), 'Planning');

    await desk.actAs(RITA);
    assert.ok(
      (await desk.checklist()).includes('at least one configuration item in the package'),
      'the build gate asks for the package first',
    );
    await desk.addToPackage('Till software (application / software)', suggested);
    await desk.editDetails({ audience: 'Cashiers and store managers' });
    await desk.planWave({ name: 'Test rollout', environment: 'Test', group: 'QA tills', ...openWindow() });
    await desk.planWave({ name: 'Staging rollout', environment: 'Staging', group: 'Lab store', ...openWindow() });
    await desk.planWave({ name: 'Production rollout', environment: 'Production', group: 'All stores', ...openWindow() });
    await writePlan();
    const chains = await desk.approvalsSection().innerText();
    assert.match(chains, /any approver/, 'the approval chains of the policy are kept');

    // Build and test: approved by the approver, authorized by the CAB. The approver is
    // pointed to her decision and offered no authorization; the CAB is.
    await desk.actAs(RITA);
    assert.equal(await desk.askApproval('build and test'), null);
    await desk.actAs(ANA);
    await desk.page.getByRole('link', { name: 'Your approval decision is awaited' }).waitFor();
    assert.equal(await desk.page.getByRole('button', { name: /^Authorize / }).count(), 0);
    await desk.approve('Plan and criteria reviewed');
    await desk.actAs(CARL);
    await desk.page.getByRole('button', { name: 'Authorize build and test', exact: true }).waitFor();
    assert.equal(await desk.authorizeGate('build and test'), null);
    await desk.waitForStatus('build and test');
    assert.equal(await desk.currentPhase(), 'Build and test');
    assert.ok((await desk.checklist()).includes('a build record'), 'deployment waits for a build');
    await buildAndTest(CRITERIA, ['rehearsal']);
    const runs = await desk.testRuns();
    assert.equal(runs.length, 2, `${runs}`);
    for (const text of CRITERIA) assert.equal(await desk.criterionResult(text), 'Met');

    // Deployment, environment by environment: approved, authorized, deployed, verified.
    for (const [env, wave] of [
      ['Test', 'Test rollout'],
      ['Staging', 'Staging rollout'],
      ['Production', 'Production rollout'],
    ]) {
      assert.equal(await desk.nextStep(), `Deployment to ${env}`);
      await approveThrough(`deployment to ${env}`, [ANA, OLGA]);
      await desk.actAs(CARL);
      assert.equal(await desk.authorizeGate(`deployment to ${env}`), null, `deployment to ${env} authorized`);
      await desk.actAs(OLGA);
      await desk.confirmReadiness(wave);
      await desk.deploy.startAndVerify(wave, true, `Smoke tests green on ${env}`);
      await desk.waitForStatus('deployment');
      assert.equal(await desk.currentPhase(), 'Deployment');
    }

    await desk.notify('Notify: service live, early life support begins');
    await desk.waitForStatus('early life support');
    assert.equal(await desk.currentPhase(), 'Early life support');
    await desk.notify('Notify: fully operational, SLAs enforced');
    await desk.waitForStatus('review');
    assert.equal(await desk.currentPhase(), 'Review and close');

    // Review: feedback, evaluation, knowledge transfer, confirmations, PIR.
    await desk.actAs(SAM);
    await desk.recordFeedback('Store managers', 'Refunds at the till are faster');
    await desk.actAs(RITA);
    await desk.recordEvaluation({ goal: 'Refund time', target: 'under 30 s', actual: '12 s' });
    await desk.transferKnowledge('Contactless refunds', 'Service desk');
    await desk.confirmReview([
      'quality requirements confirmed',
      'knowledge transfer and training confirmed',
      'known errors, fixes and changes documented',
    ]);
    await desk.actAs(CARL);
    await desk.recordPir('successful', 'Objectives met; no incident during the rollout');

    // Closure is refused, to the CAB and to the release manager asking approval, until
    // operations accepts the handover.
    assert.equal(await desk.nextStep(), 'Closure');
    assert.ok((await desk.checklist()).includes("operations' formal acceptance of the handover"));
    // Neither is offered as a button that would be refused: each is disabled with why.
    const missing = await desk.whyNot('Authorize closure');
    assert.ok(missing?.includes("operations' formal acceptance of the handover"), `${missing}`);
    await desk.actAs(RITA);
    const asking = await desk.whyNot('Request approval for closure');
    assert.ok(asking?.includes("operations' formal acceptance of the handover"), `${asking}`);
    await desk.waitForStatus('review');

    await desk.actAs(OLGA);
    await desk.acceptHandover('Runbook reviewed with the night shift');
    await approveThrough('closure', [CARL]);
    await desk.actAs(CARL);
    assert.equal(await desk.authorizeGate('closure'), null);
    await desk.waitForStatus('closed');
    assert.equal(await desk.currentPhase(), null, 'a closed release is past every phase');
    assert.equal(await desk.standing(), 'Closed: operations accepted the handover.');
    const stepper = await desk.page.getByRole('list', { name: 'Phases of the release' }).getByRole('listitem').allInnerTexts();
    assert.ok(stepper.every((step) => step.endsWith('(done)')), `every phase done: ${stepper}`);
    // The audit timeline keeps who did each step: all six people took part.
    const events = await desk.page
      .getByRole('list', { name: 'Events of this release' })
      .getByRole('listitem')
      .allInnerTexts();
    for (const name of [RITA, CARL, ANA, TOM, OLGA, SAM]) {
      assert.ok(events.some((event) => event.includes(name)), `${name} in the timeline`);
    }
    assert.deepEqual(browser.problems, []);
  });

  test('an emergency release is authorized by the emergency CAB several gates at once, up to its deployment', async () => {
    await desk.actAs(RITA);
    const { suggested } = await desk.createRelease({
      service: 'Payments',
      category: 'emergency',
      name: 'Refund rounding hotfix',
      rfcs: 'RFC-2201',
    });
    assert.equal(suggested, '3.3.2', 'an emergency fix numbers the patch of the live version');
    await desk.addToPackage('Payments API (application / software)', '3.3.2');
    await desk.editDetails({ audience: 'Online customers' });
    await desk.planWave({ name: 'Staging check', environment: 'Staging', ...openWindow() });
    await desk.planWave({ name: 'Production hotfix', environment: 'Production', ...openWindow() });
    await writePlan();

    // Planning and build at once, without the approval chain.
    await desk.actAs(CARL);
    await desk.emergencyAuthorize(['Start of planning', 'Build and test'], 'Emergency CAB, INC-5120');
    await desk.waitForStatus('build and test');
    const authorized = await desk.authorizations();
    assert.deepEqual(
      authorized.map((a) => /^(.+): authorized by Carl Chen on .+ by the emergency CAB, approval chains waived — “Emergency CAB, INC-5120”$/.exec(a)?.[1]),
      ['Start of planning', 'Build and test'],
      `${authorized}`,
    );
    assert.equal(await desk.approvalsSection().getByText(/^Requested by /).count(), 0, 'no approval was asked');

    await buildAndTest();
    await desk.actAs(CARL);
    await desk.emergencyAuthorize(['Deployment to Staging', 'Deployment to Production'], 'Emergency CAB, INC-5120');
    assert.equal(
      await desk.section('Change authorizations').getByRole('checkbox').count(),
      0,
      'nothing is left for the emergency CAB to authorize',
    );

    await desk.actAs(OLGA);
    for (const wave of ['Staging check', 'Production hotfix']) {
      await desk.confirmReadiness(wave);
      await desk.deploy.startAndVerify(wave, true, 'Refunds round to the cent');
    }
    await desk.waitForStatus('deployment');
    assert.equal(await desk.currentPhase(), 'Deployment');
    await desk.notify('Notify: service live, early life support begins');
    await desk.waitForStatus('early life support');
    assert.deepEqual(browser.problems, []);
  });

  test('a phased rollout whose second wave fails verification is backed out with its reason, then re-planned', async () => {
    await desk.actAs(RITA);
    const { suggested } = await desk.createRelease({
      service: 'Point of sale',
      category: 'minor',
      name: 'Till receipts redesign',
      rfcs: 'RFC-2301',
      rollout: 'phased',
    });
    await desk.addToPackage('Till software (application / software)', suggested);
    await desk.editDetails({ audience: 'Cashiers' });
    await desk.planWave({ name: 'Pilot stores', environment: 'Production', group: 'Three flagship stores', ...openWindow() });
    await desk.planWave({ name: 'All stores', environment: 'Production', group: 'The other 117 stores', ...openWindow() });
    await desk.deploy.section('Deployment waves').getByText('Phased rollout: 2 waves, each to a target group in turn.').waitFor();
    await writePlan();
    await desk.actAs(CARL);
    assert.equal(await desk.authorizeGate('start of planning'), null);
    await approveThrough('build and test', [ANA]);
    await desk.actAs(CARL);
    assert.equal(await desk.authorizeGate('build and test'), null);
    await buildAndTest();
    await approveThrough('deployment to Production', [ANA, OLGA]);
    await desk.actAs(CARL);
    assert.equal(await desk.authorizeGate('deployment to Production'), null);

    await desk.actAs(OLGA);
    await desk.confirmReadiness('Pilot stores');
    await desk.deploy.startAndVerify('Pilot stores', true, 'Receipts print well in three stores');
    await desk.confirmReadiness('All stores');
    await desk.deploy.startAndVerify('All stores', false, 'Receipt printers jam on the new logo');
    assert.equal(await desk.waveHeading('All stores'), 'All stores failed verification');
    assert.deepEqual(await desk.checklist(), [
      'wave “All stores” deployed and verified (failed verification now)',
    ]);

    await desk.backOut('Printers jam in 40 stores');
    await desk.waitForStatus('backed out');
    assert.match(
      await desk.standing(),
      /^The deployment was backed out \(Printers jam in 40 stores\)\. The release can be re-planned\.$/,
    );
    await desk.section('Back-out plan').getByText(/^Last back-out — Olga Okafor, .+: Printers jam in 40 stores$/).waitFor();
    assert.equal(await desk.waveHeading('All stores'), 'All stores backed out');
    assert.equal(await desk.waveHeading('Pilot stores'), 'Pilot stores backed out');

    await desk.actAs(RITA);
    await desk.replan('Smaller logo on receipts; printers updated first');
    await desk.waitForStatus('planning');
    assert.equal(await desk.currentPhase(), 'Planning');
    assert.equal(await desk.waveHeading('All stores'), 'All stores planned');
    assert.equal(await desk.nextStep(), 'Build and test');
    assert.ok(
      (await desk.checklist()).some((item) => item.startsWith('approval through its chain')),
      'the re-planned release asks for the build gate\'s approval again',
    );
    assert.deepEqual(browser.problems, []);
  });
});
