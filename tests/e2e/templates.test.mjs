// End-to-end tests of the category hints: a release created in the wizard opens at its top,
// its plan stays unwritten (the build gate's checklist still asks for every part and for
// the criteria), the plan form shows the category's hint as each part's placeholder, and a
// suggested criterion is added only when the person presses its "Add" button.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { JourneyPage } from './journey.page.mjs';

/** What the build gate asks of the plan's written parts, in the checklist's words. */
const PLAN_PARTS = [
  'the changes the release includes',
  'who will be affected',
  'a risk assessment',
  'the deployment schedule and strategy',
  'a build plan',
  'a test plan',
];

/** The major category's hint for "Changes included" (the domain's `templates::hints`). */
const CHANGES_HINT =
  'New functionality: list each feature, the configuration items it adds or upgrades, and the RFC that authorizes it.';

/** The first criterion the major category suggests. */
const SUGGESTED = 'Every regression test passes';

describe('a release created with the hints of its category', () => {
  let server;
  let browser;
  /** @type {JourneyPage} */
  let desk;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    desk = new JourneyPage(browser.page, server.url);
    await desk.loadDemoBook();
    await desk.actAs('Rita Ramos');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('opens at its top, and its hints satisfy no gate until people write and add', async () => {
    const page = browser.page;
    const name = 'Payments loyalty points';
    await desk.list.openWizard();
    await desk.list.fillWizard({ service: 'Payments', category: 'major', name, rfcs: 'RFC-8101' });

    // The wizard previews the hints and promises no content.
    await page.getByRole('heading', { name: '4. Plan hints', level: 2 }).waitFor();
    await page.getByText(/^While you write the plan, the release page shows hints for a major release/).waitFor();
    await page.getByRole('listitem').filter({ hasText: SUGGESTED }).waitFor();
    assert.equal(await page.getByText(/checklist drafts/).count(), 0);
    assert.equal(await page.getByRole('button', { name: /Applying the checklist/ }).count(), 0);

    // Created from the bottom of the wizard…
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    assert.ok((await page.evaluate(() => window.scrollY)) > 0, 'the wizard is scrolled down');
    await desk.list.create();
    const id = await desk.list.waitForReleasePage();
    desk.releaseId = id;
    const heading = page.getByRole('heading', { level: 1, name: new RegExp(name) });
    await heading.waitFor();

    // …the page opens at its top: the title has the focus and the next step is in view.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    const inView = (locator) =>
      locator.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top >= 0 && box.top < window.innerHeight;
      });
    assert.ok(await inView(heading), 'the title is in view');
    const created = page.locator('.release__notice');
    assert.equal(await created.textContent(), 'Release created.');
    assert.ok(await inView(created), 'the confirmation is in view');
    assert.ok(await inView(desk.nextStepRegion()), 'the next step is in view');
    assert.equal(await desk.nextStep(), 'Start of planning');

    // Nothing was written for the person: the plan reads "Not written yet" and the
    // release has no criteria.
    const plan = desk.section('Release and deployment plan');
    assert.equal(await plan.getByText('Not written yet', { exact: true }).count(), 6);
    await desk.criteriaSection().getByText('No pass/fail criteria yet.').waitFor();

    // Planning authorized, the build gate still asks for every part and for the criteria.
    await desk.actAs('Carl Chen');
    assert.equal(await desk.authorize('start of planning'), 'Authorized.');
    await desk.actAs('Rita Ramos');
    assert.equal(await desk.nextStep(), 'Build and test');
    const before = await desk.checklist();
    for (const item of [...PLAN_PARTS, 'at least 2 pass/fail criteria (the plan has 0)']) {
      assert.ok(before.includes(item), `${item} is in ${before}`);
    }

    // The plan form shows the category's hint as the placeholder, not as the value.
    await plan.getByRole('button', { name: 'Edit the plan' }).click();
    const changes = plan.getByLabel('Changes included', { exact: true });
    assert.equal(await changes.getAttribute('placeholder'), CHANGES_HINT);
    assert.equal(await changes.inputValue(), '');
    await plan.getByRole('button', { name: 'Edit the plan' }).click();

    // A suggested criterion is added by its button, and is then no longer suggested.
    const criteria = desk.criteriaSection();
    await criteria.getByRole('heading', { name: 'Suggested criteria' }).waitFor();
    const add = criteria.getByRole('button', { name: `Add the criterion “${SUGGESTED}”` });
    await add.click();
    await criteria.getByRole('cell', { name: SUGGESTED, exact: true }).waitFor();
    await add.waitFor({ state: 'detached' });
    assert.equal(await desk.criterionResult(SUGGESTED), 'Not yet tested');
    const after = await desk.checklist();
    assert.ok(after.includes('at least 2 pass/fail criteria (the plan has 1)'), `${after}`);
    for (const item of PLAN_PARTS) assert.ok(after.includes(item), `${item} is still in ${after}`);
    assert.deepEqual(browser.problems, []);
  });
});
