// End-to-end tests of a release's page from draft to build and test, with the demo book
// and its people: the checklist says what the next gate needs and links to where it is
// fixed; writing the plan and the criteria shrinks it; the approval chain and change
// management take the release to build and test; a build and a passing test run meet the
// criteria; an authorization refused says what is missing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { ReleasePage } from './release.page.mjs';

describe('the release page from draft to build and test', () => {
  let server;
  let browser;
  /** @type {ReleasePage} */
  let release;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    release = new ReleasePage(browser.page, server.url);
    await release.loadDemoBook();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a draft names what the planning gate needs, links to it, and is refused until it has it', async () => {
    await release.actAs('Rita Ramos');
    await release.openRelease('Till self-checkout mode v7.2');
    assert.equal(await release.status(), 'draft');
    assert.equal(await release.currentPhase(), null);
    assert.equal(await release.nextStep(), 'Start of planning');
    assert.deepEqual(await release.checklist(), []);

    // Without a change request the planning gate has something missing.
    await release.editDetails({ rfcs: '' });
    const rfc = 'a change request (RFC) that authorizes the release';
    assert.deepEqual(await release.checklist(), [rfc]);
    assert.match(await release.checklistLink(rfc).getAttribute('href'), /\?section=details$/);
    assert.equal(await release.followChecklist(rfc), 'section-details');

    // The change manager is not offered what the domain would refuse: the button is
    // disabled and says what is missing (the checklist above links to where it is fixed).
    await release.actAs('Carl Chen');
    const authorize = release.page.getByRole('button', { name: 'Authorize start of planning', exact: true });
    assert.equal(await authorize.isDisabled(), true);
    assert.equal(await authorize.getAttribute('aria-describedby'), 'why-authorize');
    assert.match(await release.page.locator('#why-authorize').innerText(), /needs: a change request \(RFC\) that authorizes the release$/);
    assert.deepEqual(await release.checklist(), [rfc]);

    // With an RFC again, the change manager authorizes planning.
    await release.actAs('Rita Ramos');
    await release.editDetails({ rfcs: 'RFC-2044' });
    assert.deepEqual(await release.checklist(), []);
    await release.actAs('Carl Chen');
    assert.equal(await release.authorize('start of planning', 'CAB 12'), 'Authorized.');
    assert.equal(await release.status(), 'planning');
    assert.equal(await release.currentPhase(), 'Planning');
    assert.match((await release.authorizations())[0], /^Start of planning: authorized by Carl Chen on .+ UTC — “CAB 12”$/);
    assert.deepEqual(browser.problems, []);
  });

  test('writing the plan and the criteria shrinks the build gate checklist', async () => {
    await release.actAs('Rita Ramos');
    await release.openRelease('Payments refund e-mail times v3.4');
    assert.equal(await release.nextStep(), 'Build and test');
    const before = await release.checklist();
    for (const item of ['the changes the release includes', 'a build plan', 'a test plan', 'at least 2 pass/fail criteria (the plan has 0)']) {
      assert.ok(before.includes(item), `${item} is in ${before}`);
    }

    await release.fillPlan({
      changes: 'Refund e-mails show the store’s local time',
      affected: 'Customers who get refunds; the service desk',
      riskAssessment: 'Low: a template change',
      schedule: 'Out of trading hours, Test then Staging then Production',
      buildPlan: 'Pipeline from the tagged commit',
      testPlan: 'Regression suite; e-mail rendering in three time zones',
    });
    const planned = await release.checklist();
    assert.ok(planned.length < before.length, `${planned} is shorter than ${before}`);
    for (const item of ['the changes the release includes', 'a build plan', 'a test plan', 'who will be affected']) {
      assert.ok(!planned.includes(item), `${item} is no longer missing`);
    }
    assert.ok(planned.includes('at least 2 pass/fail criteria (the plan has 0)'));

    await release.addCriterion('Refund e-mail shows local time in all stores');
    await release.addCriterion('Regression suite passes');
    const criteria = await release.checklist();
    assert.equal(criteria.length, planned.length - 1);
    assert.ok(!criteria.some((item) => item.includes('pass/fail criteria')));
    assert.equal(await release.criterionResult('Regression suite passes'), 'Not yet tested');

    // What remains is linked to where it is fixed.
    for (const item of criteria) {
      assert.match(await release.checklistLink(item).getAttribute('href'), /\?section=[a-z]+$/);
    }
    assert.deepEqual(browser.problems, []);
  });

  test('approved and authorized, the release is built and tested until its criteria are met', async () => {
    await release.actAs('Ana Alves');
    await release.openRelease('Payments platform 4 (wallets) v4.0');
    assert.match((await release.rounds())[0], /^Build and test: Waiting for any approver/);

    // The approver rejects, the release manager asks again, the approver approves.
    await release.reject('Add the wallet provider fallback to the plan first');
    assert.match((await release.rounds())[0], /Rejected[\s\S]*Rejected by Ana Alves on .+: “Add the wallet provider fallback to the plan first”/);
    await release.actAs('Rita Ramos');
    await release.requestApproval('build and test');
    await release.actAs('Ana Alves');
    await release.approve('Fallback agreed with the provider');
    const [latest] = await release.rounds();
    assert.match(latest, /^Build and test: Approved by the whole chain/);
    assert.match(latest, /Requested by Rita Ramos/);
    assert.match(latest, /Approved by Ana Alves on .+: “Fallback agreed with the provider”/);

    // Change management authorizes: build and test begins.
    await release.actAs('Carl Chen');
    assert.equal(await release.authorize('build and test'), 'Authorized.');
    assert.equal(await release.status(), 'build and test');
    assert.equal(await release.currentPhase(), 'Build and test');
    assert.equal(await release.nextStep(), 'Deployment to Test');
    assert.ok((await release.checklist()).includes('a build record'));

    await release.actAs('Rita Ramos');
    await release.recordBuild({
      name: 'payments-api 4.0.0 container image',
      inputs: ['payments-api@4f2c1e0', 'base image debian:12.8'],
      steps: ['make release', 'sign image'],
      checksums: ['sha256:9b1f…'],
      location: 'Definitive media library / payments / 4.0.0',
    });
    const [build] = await release.builds();
    assert.match(build, /Recorded by Rita Ramos on .+ UTC/);
    assert.match(build, /payments-api@4f2c1e0/);
    assert.ok(!(await release.checklist()).includes('a build record'));

    await release.actAs('Tom Tanaka');
    await release.recordTestRun({
      name: 'Regression suite 1',
      results: {
        'Regression suite passes': 'passed',
        'p95 latency under 300 ms at 2x peak': 'passed',
      },
      notes: 'All green',
    });
    assert.match((await release.testRuns())[0], /^Regression suite 1 \(package test\): passed/);
    assert.equal(await release.criterionResult('Regression suite passes'), 'Met');
    assert.equal(await release.criterionResult('p95 latency under 300 ms at 2x peak'), 'Met');
    assert.ok(!(await release.checklist()).some((item) => item.includes('pass/fail criteria are not met')));
    assert.deepEqual(browser.problems, []);
  });

  test('shown as it was when created, the release offers no action and links back to now', async () => {
    await release.actAs('Carl Chen');
    await release.openRelease('Payments platform 4 (wallets) v4.0');
    // A release's id is that of the event that created it.
    await release.showAsOf(release.releaseId);
    assert.match(
      await release.pastNotice().innerText(),
      /^Showing this release as it was on \d{4}-\d{2}-\d{2} after: Created major release Payments platform 4 \(wallets\) v4\.0/,
    );
    assert.equal(await release.status(), 'draft');
    assert.equal(await release.page.getByRole('button').filter({ hasText: /^(Authorize|Request approval|Edit|Record|Add)/ }).count(), 0);
    await release.backToNow();
    assert.equal(await release.status(), 'build and test');
    assert.ok(await release.page.getByRole('button', { name: 'Authorize deployment to Test' }).isVisible());
    assert.deepEqual(browser.problems, []);
  });
});
