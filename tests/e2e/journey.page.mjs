// Page object for whole journeys of a release: the wizard, the release page's planning,
// approval and testing parts (ReleasePage) and its deployment, operations and review parts
// (ReleaseDeployPage), and the header's "Acting as" switch between the people of the book.
// What the other page objects do not offer yet is written here, by roles and labels only.
import { ReleasePage } from './release.page.mjs';
import { ReleaseDeployPage } from './release_deploy.page.mjs';
import { ReleasesPage } from './releases.page.mjs';

export class JourneyPage extends ReleasePage {
  /** @param {import('playwright-core').Page} page @param {string} baseUrl */
  constructor(page, baseUrl) {
    super(page, baseUrl);
    this.list = new ReleasesPage(page, baseUrl);
    this.deploy = new ReleaseDeployPage(page, baseUrl);
  }

  // ---- Who is at the browser ----

  /** Switches the header's "Acting as" choice to the person named `name` ("Carl Chen"). */
  async actAs(name) {
    const select = this.page.getByLabel(/^(Acting|Signed in) as$/);
    const option = select.getByRole('option', { name: new RegExp(`^${escape(name)} — `) });
    const value = await option.getAttribute('value');
    await select.selectOption(value);
    await this.page.waitForFunction(
      (wanted) => document.getElementById('acting-as')?.value === wanted,
      value,
    );
  }

  // ---- The wizard ----

  /**
   * Creates a release in the wizard ({ service, category, name, rfcs, rollout, version });
   * its plan starts blank (the category's hints write nothing). Without `version`, the
   * policy's suggestion is kept.
   * Resolves to { id, suggested } once the release's page is open.
   */
  async createRelease({ service, category, name, rfcs, rollout, version }) {
    await this.list.openWizard();
    await this.list.fillWizard({ service, category, name, rfcs });
    const suggested = await this.list.suggestedVersion();
    await this.list.versionField().fill(version ?? suggested);
    if (rollout) await this.page.getByLabel('Rollout', { exact: true }).selectOption(rollout);
    await this.list.create();
    const id = await this.list.waitForReleasePage();
    this.releaseId = id;
    await this.page.getByRole('heading', { level: 1, name: new RegExp(escape(name)) }).waitFor();
    return { id, suggested };
  }

  // ---- Package, details ----

  /** Adds a configuration item (its option text, "Till software (application / software)") as an upgrade. */
  async addToPackage(item, to) {
    const section = this.section('Release package');
    await this.openForm(section, 'Add a configuration item');
    await section.getByLabel('Configuration item', { exact: true }).selectOption({ label: item });
    await section.getByLabel('To version', { exact: true }).fill(to);
    await section.getByRole('button', { name: 'Add to the package' }).click();
    await section.getByRole('button', { name: new RegExp(`^Remove .+ from the package$`) }).first().waitFor();
  }

  // ---- Waves and back-out ----

  /** Opens a form of `scope` by the button that opens it, unless it is open already. */
  async openDetails(scope, summary) {
    await this.openForm(scope, summary);
  }

  /** Plans a wave ({ name, environment, group, start, end }; times "2027-03-02T21:00"). */
  async planWave({ name, environment, group = '', start, end }) {
    const section = this.section('Deployment waves');
    await this.openDetails(section, 'Plan a wave');
    const form = section.getByRole('form', { name: 'Plan a wave' });
    await form.getByLabel('Wave name', { exact: true }).fill(name);
    await form.getByLabel('Environment', { exact: true }).selectOption({ label: environment });
    await form.getByLabel('Target group (users, sites or customers)').fill(group);
    await form.getByLabel('Window starts (UTC)').fill(start);
    await form.getByLabel('Window ends (UTC)').fill(end);
    await form.getByRole('button', { name: 'Plan this wave' }).click();
    await this.deploy.wave(name).waitFor();
  }

  /** The heading of a wave: "Pilot stores planned", "… failed verification". */
  async waveHeading(name) {
    const text = await this.deploy.wave(name).getByRole('heading').first().innerText();
    return text.replace(/\s+/g, ' ');
  }

  /** Writes and saves the back-out plan. */
  async writeBackoutPlan(text) {
    const section = this.section('Back-out plan');
    await this.openDetails(section, 'Write the back-out plan');
    await section.getByLabel('Back-out plan', { exact: true }).fill(text);
    await section.getByRole('button', { name: 'Save the back-out plan' }).click();
    await section.getByText(text, { exact: true }).first().waitFor();
  }

  /** As operations: confirms a wave is ready to deploy. */
  async confirmReadiness(wave) {
    const item = this.deploy.wave(wave);
    await item.getByRole('button', { name: `Confirm readiness of ${wave}` }).click();
    await item.getByRole('heading', { name: / ready$/ }).waitFor();
  }

  /** Backs the deployment out with a reason. */
  async backOut(reason) {
    const section = this.section('Back-out plan');
    await section.getByLabel('Why the deployment is backed out').fill(reason);
    await section.getByRole('button', { name: 'Back out the deployment' }).click();
    await section.getByRole('status').filter({ hasText: 'This release is backed out' }).waitFor();
  }

  /** As the release manager: re-plans a backed-out release. */
  async replan(reason) {
    const section = this.section('Back-out plan');
    await section.getByLabel('What changes in the new plan').fill(reason);
    await section.getByRole('button', { name: 'Re-plan the release' }).click();
    await section.getByRole('button', { name: 'Re-plan the release' }).waitFor({ state: 'detached' });
  }

  // ---- Gates ----

  /**
   * As the change manager: authorizes the next gate from the header ("deployment to
   * Production"). Resolves to null once a new authorization is listed, or to the items the
   * refusal lists as missing (or to the refusal's words when it lists none).
   */
  async authorizeGate(phrase, note = '') {
    const listed = this.section('Change authorizations').getByRole('listitem');
    const before = await listed.count();
    if (note) await this.page.getByLabel('CAB note (optional)').fill(note);
    await this.page.getByRole('button', { name: `Authorize ${phrase}`, exact: true }).click();
    return this.settled(async () => (await listed.count()) > before, `authorizing ${phrase}`);
  }

  /**
   * The reason under a header action the domain would refuse now ("Authorize closure"):
   * such an action is shown disabled with its reason. Null when the action is open.
   */
  async whyNot(name) {
    const button = this.page.getByRole('button', { name, exact: true });
    if (!(await button.isDisabled())) return null;
    const id = await button.getAttribute('aria-describedby');
    return this.page.locator(`[id="${id}"]`).innerText();
  }

  /**
   * As the release manager: asks the chain of the next gate ("closure") to approve.
   * Resolves to null once the round is listed, or to what the refusal lists as missing.
   */
  async askApproval(phrase) {
    const rounds = this.approvalsSection().getByText(/^Requested by /);
    const before = await rounds.count();
    const button = this.page.getByRole('button', { name: `Request approval for ${phrase}`, exact: true });
    // Disabled, the button has the domain's reason under it: a failure says it.
    await button.click({ timeout: 20_000 }).catch(async (error) => {
      const why = await this.page.locator('#why-request').allInnerTexts();
      throw new Error(`“Request approval for ${phrase}” was not offered: ${why.join(' ') || error.message}`);
    });
    return this.settled(async () => (await rounds.count()) > before, `asking approval for ${phrase}`);
  }

  /**
   * Waits until `done()` holds (resolves to null) or the header's action is refused
   * (resolves to the missing items, or the refusal's words when it lists none).
   */
  async settled(done, what) {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await done()) return null;
      const refusal = this.refusal().filter({ hasText: /\S/ });
      if (await refusal.count()) {
        const items = await this.refusedItems();
        return items.length ? items : [await refusal.first().innerText()];
      }
      await this.page.waitForTimeout(50);
    }
    throw new Error(`${what} neither succeeded nor was refused`);
  }

  /** Approves the waiting round as the person at the browser. */
  async approveAs(name, comment) {
    await this.actAs(name);
    await this.approve(comment);
  }

  /**
   * As the emergency CAB: ticks the gates (their names, "Build and test") and authorizes
   * them at once with a note.
   */
  async emergencyAuthorize(gates, note) {
    const section = this.section('Change authorizations');
    const listed = section.getByRole('listitem');
    const before = await listed.count();
    for (const gate of gates) await section.getByRole('checkbox', { name: gate, exact: true }).check();
    await section.getByLabel('CAB note', { exact: true }).fill(note);
    await section.getByRole('button', { name: 'Authorize the chosen gates as the emergency CAB' }).click();
    await listed.nth(before + gates.length - 1).waitFor();
  }

  // ---- Early life support, review, handover ----

  /** As operations: sends one of the two notifications and waits for it to be recorded. */
  async notify(button) {
    const section = this.section('Early life support');
    await section.getByRole('button', { name: button, exact: true }).click();
    await section.getByRole('button', { name: button, exact: true }).waitFor({ state: 'detached' });
  }

  async recordFeedback(from, text) {
    const section = this.section('Review');
    await this.openDetails(section, 'Record feedback');
    await section.getByLabel('From (user, customer or team)').fill(from);
    await section.getByLabel('Feedback', { exact: true }).fill(text);
    await section.getByRole('button', { name: 'Record the feedback' }).click();
    await section.getByText(new RegExp(`^${escape(from)}: “`)).waitFor();
  }

  async recordEvaluation({ goal, target, actual, met = true }) {
    const section = this.section('Review');
    await this.openDetails(section, 'Record a performance evaluation');
    await section.getByLabel('Performance goal').fill(goal);
    await section.getByLabel('Expected', { exact: true }).fill(target);
    await section.getByLabel('Measured', { exact: true }).fill(actual);
    await section.getByLabel('Goal met').setChecked(met);
    await section.getByRole('button', { name: 'Record the evaluation' }).click();
    await section.getByText(new RegExp(`^${escape(goal)}: expected `)).waitFor();
  }

  /** Plans a knowledge transfer and marks it delivered. */
  async transferKnowledge(topic, audience) {
    const section = this.section('Knowledge transfer and training');
    await this.openDetails(section, 'Plan knowledge transfer or training');
    await section.getByLabel('Topic', { exact: true }).fill(topic);
    await section.getByLabel('Who receives it').fill(audience);
    await section.getByRole('button', { name: 'Plan this item' }).click();
    const deliver = section.getByRole('button', { name: `Mark “${topic}” delivered` });
    await deliver.click();
    await deliver.waitFor({ state: 'detached' });
  }

  /** Confirms each of the review's checks ("quality requirements confirmed" …). */
  async confirmReview(checks) {
    const section = this.section('Review');
    for (const check of checks) {
      const button = section.getByRole('button', { name: `Confirm: ${check}` });
      await button.click();
      await button.waitFor({ state: 'detached' });
    }
  }

  /** As change management: records the post-implementation review. */
  async recordPir(outcome, summary) {
    const section = this.section('Review');
    await this.openDetails(section, 'Record the post-implementation review');
    await section.getByLabel('Outcome', { exact: true }).selectOption(outcome);
    await section.getByLabel('Findings and lessons').fill(summary);
    await section.getByRole('button', { name: 'Record the review' }).click();
    await section.getByText(/^Outcome: /).waitFor();
  }

  /** As operations: accepts the handover. */
  async acceptHandover(note = '') {
    const section = this.section('Handover to operations');
    if (note) await section.getByLabel('Conditions or remarks (optional)').fill(note);
    await section.getByRole('button', { name: 'Accept the handover to operations' }).click();
    await section.getByText(/^Operations accepted the handover — /).waitFor();
  }

  /** The sentence under the stepper ("A draft: …", "Closed: …", "The deployment was backed out …"). */
  standing() {
    return this.page
      .getByText(/^(A draft: |Closed: |Cancelled: |The deployment was backed out \()/)
      .first()
      .innerText();
  }

  /** Waits until the header's status reads `status`. */
  async waitForStatus(status) {
    await this.page
      .getByRole('term')
      .filter({ hasText: /^Status$/ })
      .first()
      .locator('xpath=following-sibling::dd[1]')
      .filter({ hasText: new RegExp(`^${escape(status)}$`) })
      .waitFor();
  }
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
