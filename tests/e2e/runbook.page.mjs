// Page object for the deployment runbook: the release page's "Deployment runbook" section
// (CSV import with its bad rows, the task table and its step buttons, the run controls, the
// back-out switch, the overrun warning, the Gantt chart and its table, the task form with
// the learned durations) and the "My tasks" page. Named as the person sees them.
import { SyncPage } from './sync.page.mjs';
import { addAxe } from './harness.mjs';
import { isoDay } from './calendar.page.mjs';

export const RUNBOOK = 'Deployment runbook';

export class RunbookPage extends SyncPage {
  /** The section. */
  runbook() {
    return this.section(RUNBOOK);
  }

  /** Pastes `text` into the CSV import form and imports it. */
  async importCsv(text) {
    await this.expand(this.runbook(), 'Import from CSV');
    const form = this.runbook().getByRole('form', { name: 'Import the runbook from CSV' });
    await form.getByLabel('CSV text', { exact: true }).fill(text);
    await form.getByRole('button', { name: 'Import the runbook', exact: true }).click();
    return form;
  }

  /** The bad rows the import listed: ["Line 3: …"]. */
  async badRows() {
    const list = this.runbook().getByRole('list', { name: 'Rows of the CSV that are wrong' });
    await list.waitFor();
    return list.getByRole('listitem').allInnerTexts();
  }

  /** The task table's row of task `id`. */
  row(id) {
    return this.runbook()
      .locator('.runbook__table tbody tr')
      .filter({ has: this.page.getByRole('cell', { name: id, exact: true }) });
  }

  /** The ids of the tasks in the table. */
  async taskIds() {
    return this.runbook().locator('.runbook__table tbody tr td:first-child').allInnerTexts();
  }

  /** The state of task `id` in the run going ("done", "running", "" when not marked). */
  async state(id) {
    return (await this.row(id).locator('td').nth(4).innerText()).trim();
  }

  /** The step buttons offered on task `id` ("Start", "Finish" …). */
  async steps(id) {
    return (await this.row(id).locator('.runbook__step').allInnerTexts()).map((s) => s.trim());
  }

  /** Takes `step` on task `id` and waits until its state says so. */
  async mark(id, step) {
    await this.row(id).locator('.runbook__step', { hasText: step }).click();
    const state = { Start: 'running', Finish: 'done', Skip: 'skipped', Fail: 'failed' }[step];
    await this.row(id).locator('td').nth(4).filter({ hasText: state }).waitFor();
  }

  /** Starts a run ("rehearsal" or "live run") and waits until it is going. */
  async startRun(kind) {
    await this.runbook().getByRole('button', { name: `Start the ${kind}`, exact: true }).click();
    await this.runbook().getByRole('heading', { name: /going since/ }).waitFor();
  }

  /** Ends the run going. */
  async endRun() {
    await this.runbook().getByRole('button', { name: 'End the run', exact: true }).click();
    await this.runbook().getByRole('heading', { name: /going since/ }).waitFor({ state: 'detached' });
  }

  /** The lines of "Runs". */
  runs() {
    return this.runbook().locator('.runbook__runs li').allInnerTexts();
  }

  /** The overrun warning (an alert). */
  overrun() {
    return this.runbook().getByRole('alert').filter({ hasText: /^Forecast to overrun/ });
  }

  /** Switches the run going to back-out with `reason`. */
  async switchToBackout(reason) {
    await this.expand(this.runbook(), 'Switch the run to back-out');
    const form = this.runbook().getByRole('form', { name: 'Switch to back-out' });
    await form.getByLabel('Why back out').fill(reason);
    await form.getByRole('button', { name: 'Switch to back-out', exact: true }).click();
    await this.runbook().getByText(/^Backing out since /).waitFor();
  }

  /** The notes of the Gantt table's row of task `id` ("critical path, late"). */
  async ganttNotes(id) {
    const table = this.runbook().locator('.gantt__table');
    await table.evaluate((d) => {
      d.open = true;
    });
    const row = table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: new RegExp(`^${id} `) }) });
    return (await row.locator('td').last().innerText()).trim();
  }

  /** Opens the task form of task `id` (by its Edit button). */
  async editTask(id) {
    await this.row(id).getByRole('button', { name: new RegExp(`^Edit ${id} `) }).click();
    const form = this.runbook().getByRole('form', { name: new RegExp(`^Edit the task ${id} `) });
    await form.waitFor();
    return form;
  }

  /** The words of the calendar's chip of `release`'s window on Production opening at `opens`. */
  async calendarChip(release, opens) {
    await this.open(`calendar?view=month&date=${isoDay(new Date(opens)).slice(0, 8)}01`);
    const link = this.page.getByRole('link', { name: new RegExp(`^${release} v[\\d.]+ → Production$`) });
    return this.page.getByRole('listitem').filter({ has: link }).first().innerText();
  }

  /** The My tasks page: [{ task, steps }] as listed. */
  async myTasks() {
    await this.open('my-tasks');
    await this.page.getByRole('heading', { level: 1, name: 'My tasks' }).waitFor();
    return this.page.locator('.my-tasks__task').evaluateAll((items) =>
      items.map((i) => ({
        task: i.querySelector('h3').textContent.trim(),
        steps: [...i.querySelectorAll('button')].map((b) => b.textContent.trim()),
      })),
    );
  }

  /** Serious or critical axe violations inside `selector`, as "rule: targets" lines. */
  async axe(selector) {
    await addAxe(this.page);
    return this.page.evaluate(async (selector) => {
      const result = await window.axe.run(document.querySelector(selector), { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }, selector);
  }

  /** Whether the page scrolls sideways (outside the Gantt's own scroll box). */
  sideways() {
    return this.page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  }
}
