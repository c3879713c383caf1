// Page object for a release's page: what a release manager, an approver, a tester or the
// change manager sees and does there, named as they would say it. Roles and labels only.
import { BookPage } from './book.page.mjs';

/** The demo book's people: name → id in the book. */
const DEMO_PEOPLE = {
  'Rita Ramos': 'rita',
  'Carl Chen': 'carl',
  'Ana Alves': 'ana',
  'Tom Tanaka': 'tom',
  'Olga Okafor': 'olga',
  'Sam Singh': 'sam',
};

export class ReleasePage extends BookPage {
  /**
   * Acts as another person of the book from now on: saves who is at this browser the way
   * the app keeps it (localStorage preferences) and reloads the page.
   */
  async actAs(name, id = DEMO_PEOPLE[name]) {
    if (!id) throw new Error(`no id known for ${name}`);
    await this.page.evaluate(
      ([id, name]) => {
        localStorage.setItem('release-desk.person', JSON.stringify(id));
        localStorage.setItem('release-desk.display-name', JSON.stringify(name));
      },
      [id, name],
    );
    await this.reload();
    await this.page.getByRole('heading', { level: 1 }).waitFor();
  }

  /** Opens the page of the release titled `title` ("Payments platform 4 (wallets) v4.0"). */
  async openRelease(title) {
    // The release's id, from its link in the release list.
    const id = await releaseIdByTitle(this, title);
    this.releaseId = id;
    await this.open(`releases/${encodeURIComponent(id)}`);
    await this.page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  // ---- Where the release stands ----

  title() {
    return this.page.getByRole('heading', { level: 1 }).innerText();
  }

  /** The status as the header's facts say it ("planning", "build and test" …); the header
   * comes first on the page (registers further down have their own "Status"). */
  status() {
    return this.page
      .getByRole('term')
      .filter({ hasText: /^Status$/ })
      .first()
      .locator('xpath=following-sibling::dd[1]')
      .innerText();
  }

  /** The phase the stepper marks as current, or null (a draft, a closed release). */
  async currentPhase() {
    const current = this.page
      .getByRole('list', { name: 'Phases of the release' })
      .locator('[aria-current="step"]');
    return (await current.count()) ? current.innerText() : null;
  }

  nextStepRegion() {
    return this.page.getByRole('region', { name: /^Next step: / });
  }

  /** The next step's name ("Build and test"). */
  async nextStep() {
    const heading = await this.nextStepRegion().getByRole('heading').innerText();
    return heading.replace(/^Next step: /, '');
  }

  /** What the next step still needs, as the checklist lists it (empty when ready). */
  checklist() {
    return this.nextStepRegion().getByRole('listitem').allInnerTexts();
  }

  /** The link of one checklist item. */
  checklistLink(item) {
    return this.nextStepRegion().getByRole('link', { name: item });
  }

  /** Follows a checklist item's link; resolves to the id of the element then focused. */
  async followChecklist(item) {
    await this.checklistLink(item).click();
    await this.page.waitForFunction(() => document.activeElement?.id?.startsWith('section-'));
    return this.page.evaluate(() => document.activeElement.id);
  }

  section(name) {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** The message of the header's last action: "Authorized." or the refusal in words. */
  async outcome() {
    const status = this.page.locator('.release__header .act__status');
    await status.locator('.act__done, .act__error').first().waitFor();
    return status.innerText();
  }

  /** The refusal shown for the header's last action, with what is missing. */
  refusal() {
    return this.page.locator('.release__header').getByRole('alert');
  }

  /** The items a refusal lists as missing. */
  refusedItems() {
    return this.refusal().getByRole('listitem').allInnerTexts();
  }

  // ---- Time travel ----

  /** Shows the release open now as it was right after the event `eventId`. */
  async showAsOf(eventId) {
    await this.open(`releases/${encodeURIComponent(this.releaseId)}?as_of=${encodeURIComponent(eventId)}`);
    await this.pastNotice().waitFor();
  }

  /** The notice that the page shows the past. */
  pastNotice() {
    return this.page.getByRole('note').filter({ hasText: /^Showing this release as it was on / });
  }

  async backToNow() {
    await this.page.getByRole('link', { name: 'Back to the release as it is now' }).click();
    await this.pastNotice().waitFor({ state: 'detached' });
  }

  // ---- Details ----

  /** Opens the details form, changes the given fields ({ rfcs, owner, audience … }), saves. */
  async editDetails(fields) {
    const section = this.section('Details');
    await this.openForm(section, 'Edit the details');
    const labels = {
      name: 'Name',
      rfcs: 'Change requests (RFCs)',
      owner: 'Owning team',
      audience: 'Audience',
      stakeholders: 'Stakeholders',
    };
    for (const [key, value] of Object.entries(fields)) {
      await section.getByLabel(labels[key], { exact: true }).fill(value);
    }
    await section.getByRole('button', { name: 'Save the details' }).click();
    await section.getByRole('button', { name: 'Save the details' }).waitFor({ state: 'detached' });
  }

  // ---- Plan and criteria ----

  /** Opens the plan form, writes the given parts, saves and waits until it is saved. */
  async fillPlan(parts) {
    const section = this.section('Release and deployment plan');
    await this.openForm(section, 'Edit the plan');
    const labels = {
      changes: 'Changes included',
      affected: 'Who is affected',
      riskAssessment: 'Risk assessment',
      schedule: 'Deployment schedule and strategy',
      buildPlan: 'Build plan',
      testPlan: 'Test plan',
    };
    for (const [key, value] of Object.entries(parts)) {
      await section.getByLabel(labels[key], { exact: true }).fill(value);
    }
    await section.getByRole('button', { name: 'Save the plan' }).click();
    await section.getByRole('button', { name: 'Save the plan' }).waitFor({ state: 'detached' });
  }

  criteriaSection() {
    return this.section('Pass/fail criteria');
  }

  /** Adds a pass/fail criterion judged at `stage` and waits until it is listed. */
  async addCriterion(text, stage = 'test') {
    const section = this.criteriaSection();
    await this.openForm(section, 'Add a criterion');
    await section.getByLabel('Criterion', { exact: true }).fill(text);
    await section.getByLabel('Judged at', { exact: true }).selectOption(stage);
    await section.getByRole('button', { name: 'Add criterion' }).click();
    await section.getByRole('cell', { name: text, exact: true }).waitFor();
  }

  /**
   * The result shown for a criterion: "Met", "Not met", "Waived …", "Not yet tested". A
   * criterion marked utility or warranty reads "… (utility)" in its cell.
   */
  criterionResult(text) {
    const name = new RegExp(`^${escape(text)}( \\((utility|warranty)\\))?$`);
    return this.criteriaSection()
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name }) })
      .getByRole('cell')
      .nth(2)
      .innerText();
  }

  // ---- Approvals and authorization ----

  approvalsSection() {
    return this.section('Approvals');
  }

  /** Asks the approval chain of `gate` ("build and test") to decide. */
  async requestApproval(gate) {
    await this.page.getByRole('button', { name: `Request approval for ${gate}` }).click();
    await this.approvalsSection().getByRole('listitem').filter({ hasText: /: Waiting for / }).first().waitFor();
  }

  /** The approval rounds, newest first, as text. */
  rounds() {
    return this.approvalsSection().locator('.release__round').allInnerTexts();
  }

  /** Approves as the approver the chain waits for, with a comment. */
  async approve(comment = '') {
    await this.decide(true, comment);
  }

  /** Rejects as the approver the chain waits for; a rejection needs a comment. */
  async reject(comment) {
    await this.decide(false, comment);
  }

  async decide(approve, comment) {
    const section = this.approvalsSection();
    await section.getByLabel('Comment', { exact: true }).fill(comment);
    await section.getByRole('button', { name: approve ? /^Approve / : /^Reject / }).click();
    // Once decided, the chain no longer waits for this person and the form goes away.
    await section.getByLabel('Comment', { exact: true }).waitFor({ state: 'detached' });
  }

  /**
   * As the change manager: authorizes `gate` ("build and test", "start of planning") with
   * an optional CAB note. Resolves to what the page then says ("Authorized." or why not).
   */
  async authorize(gate, note = '') {
    if (note) await this.page.getByLabel('CAB note (optional)').fill(note);
    await this.page.getByRole('button', { name: `Authorize ${gate}`, exact: true }).click();
    return this.outcome();
  }

  /** The authorizations change management recorded, as text. */
  authorizations() {
    return this.section('Change authorizations').getByRole('listitem').allInnerTexts();
  }

  // ---- Build and test ----

  /** Records a build ({ name, inputs: [], steps: [], checksums: [], location }). */
  async recordBuild({ name, inputs = [], steps = [], checksums = [], location = '' }) {
    const section = this.section('Builds and documentation');
    await this.openForm(section, 'Record a build');
    await section.getByLabel('What was built', { exact: true }).fill(name);
    await section.getByLabel('Inputs and their versions', { exact: true }).fill(inputs.join('\n'));
    await section.getByLabel('Build steps', { exact: true }).fill(steps.join('\n'));
    await section.getByLabel('Checksums', { exact: true }).fill(checksums.join('\n'));
    await section.getByLabel('Kept in', { exact: true }).fill(location);
    await section.getByRole('button', { name: 'Record the build' }).click();
    await section.getByRole('heading', { name, exact: true }).waitFor();
  }

  /** The builds recorded, as text (name, who and when, inputs …). */
  builds() {
    return this.section('Builds and documentation').locator('.release__record').allInnerTexts();
  }

  testsSection() {
    return this.section('Tests, rehearsals and pilots');
  }

  /**
   * Records a test run ({ name, kind: 'package test' | 'rehearsal' | 'pilot' | 'input CI
   * test', results: { criterion text: 'passed' | 'failed' }, notes }).
   */
  async recordTestRun({ name, kind = 'package test', results = {}, notes = '' }) {
    const section = this.testsSection();
    await this.openForm(section, 'Record a test run');
    await section.getByLabel('Test run', { exact: true }).fill(name);
    await section.getByLabel('Kind of run', { exact: true }).selectOption(kind);
    for (const [criterion, outcome] of Object.entries(results)) {
      await section.getByLabel(`Result for “${criterion}”`, { exact: true }).selectOption(outcome);
    }
    await section.getByLabel('Observations', { exact: true }).fill(notes);
    await section.getByRole('button', { name: 'Record the test run' }).click();
    await section.getByRole('heading', { name: new RegExp(`^${escape(name)} \\(`) }).waitFor();
  }

  /** The test runs recorded, newest first, as text. */
  testRuns() {
    return this.testsSection().locator('.release__record').allInnerTexts();
  }
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The id of the release titled `title`, read from its link in the release list (searched
 * by its title, so the list holds it whatever its length).
 */
export async function releaseIdByTitle(book, title) {
  await book.open(`releases?q=${encodeURIComponent(title)}`);
  const link = book.page.getByRole('link', { name: title }).first();
  const href = (await link.getAttribute('href')) ?? '';
  const id = /#\/releases\/([^?]+)/.exec(href)?.[1];
  if (!id) throw new Error(`no release titled ${title}`);
  return decodeURIComponent(id);
}
