// Page object for the reports and a release's audit timeline, named as a person sees them:
// the picker's labels, the report's headings and buttons, the timeline's list and links.
import { BookPage } from './book.page.mjs';
import { addAxe } from './harness.mjs';

export class ReportsPage extends BookPage {
  /** Opens the reports page and picks a release (by its option text) and a report kind. */
  async pick(release, kind) {
    if (!this.page.url().includes('#/reports')) await this.open('reports');
    await this.page.getByLabel('Release', { exact: true }).selectOption({ label: release });
    await this.page.waitForFunction(() => /#\/reports\/[^/]+\/[^/?]+/.test(location.hash));
    await this.page.getByLabel('Report', { exact: true }).selectOption({ label: kind });
  }

  /** The page's main heading once it reads `title`. */
  async waitForTitle(title) {
    await this.page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  /** The id of the release in the address (`#/reports/<kind>/<id>` or `#/releases/<id>`). */
  releaseIdInAddress() {
    return /#\/(?:reports\/[^/]+|releases)\/([^/?]+)/.exec(this.page.url())?.[1];
  }

  /** Clicks a button that starts a download; resolves to { filename, text }. */
  async download(button) {
    const [file] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: button }).click(),
    ]);
    const chunks = [];
    for await (const chunk of await file.createReadStream()) chunks.push(chunk);
    return { filename: file.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }

  /**
   * Runs axe-core on the page (or the part `selector` names) and returns the serious and
   * critical violations as "rule: element" lines.
   */
  async seriousViolations(selector = 'main') {
    await addAxe(this.page);
    return this.page.evaluate(async (selector) => {
      const { violations } = await window.axe.run(selector);
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
    }, selector);
  }

  // ---- The audit timeline on a release's page ----

  timeline() {
    return this.page.getByRole('list', { name: 'Events of this release' });
  }

  timelineEntries() {
    return this.timeline().getByRole('listitem');
  }

  /** The timeline's entries as the person reads them, in the order shown. */
  timelineTexts() {
    return this.timelineEntries().allInnerTexts();
  }

  /** Shows the release as of the first entry whose text matches `what`. */
  async showAsOf(what) {
    await this.timelineEntries()
      .filter({ hasText: what })
      .first()
      .getByRole('link', { name: 'Show as of this event' })
      .click();
  }

  /** The note saying which point in time the page shows. */
  timeTravelNote() {
    return this.page.getByRole('status').filter({ hasText: 'Showing the release as it was' });
  }

  /** Runs the hash-chain check and returns what it says once done. */
  async verifyChain() {
    await this.page.getByRole('button', { name: 'Verify the hash chain of the whole log' }).click();
    const status = this.page.getByRole('status').filter({ hasText: /^Hash chain (verified|broken)/ });
    await status.waitFor({ timeout: 15_000 });
    return status.innerText();
  }
}
