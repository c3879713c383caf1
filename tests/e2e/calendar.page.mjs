// Page object for the calendar and the approvals inbox: what a release manager, an approver
// or a change manager sees and does there, named as they see it (roles, labels, cell names).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BookPage } from './book.page.mjs';
import { DIST, addAxe } from './harness.mjs';

/** The demo book's people: name → id in the book. */
export const DEMO_PEOPLE = {
  'Rita Ramos': 'rita',
  'Carl Chen': 'carl',
  'Ana Alves': 'ana',
  'Tom Tanaka': 'tom',
  'Olga Okafor': 'olga',
  'Sam Singh': 'sam',
};

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A UTC date as a calendar cell names it: "Monday 21 December 2026". */
export function dayWords(date) {
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** `2026-12-21`. */
export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export class CalendarPage extends BookPage {
  /** The serious and critical accessibility violations axe-core finds on the page now. */
  async axeViolations() {
    await addAxe(this.page);
    const result = await this.page.evaluate(() => window.axe.run());
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
  }

  /**
   * Act as a person of the demo book: the preferences the app reads at start-up
   * (src/storage/prefs.rs: JSON strings under `release-desk.person` and
   * `release-desk.display-name`), then a reload.
   */
  async actAs(name) {
    const id = DEMO_PEOPLE[name];
    if (!id) throw new Error(`${name} is not in the demo book`);
    await this.page.evaluate(
      ([id, name]) => {
        localStorage.setItem('release-desk.person', JSON.stringify(id));
        localStorage.setItem('release-desk.display-name', JSON.stringify(name));
      },
      [id, name],
    );
    await this.reload();
  }

  // ---- Calendar ----

  /** Opens the calendar at `query` (`view=month&date=2026-12-01&env=prod`). */
  async openCalendar(query = '') {
    await this.open(query ? `calendar?${query}` : 'calendar');
    await this.page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor();
  }

  viewTitle() {
    return this.page.getByRole('heading', { level: 2 }).filter({ hasText: /^(Week of )?\S+ \d{4}$|^\w+ \d{4}$/ }).first().innerText();
  }

  /** The cell of a day (month view), found by the day in words at the start of its name. */
  dayCell(date) {
    return this.page.getByRole('cell', { name: new RegExp(`^${dayWords(date)}(,|$)`) });
  }

  /** The deployment window of `title` ("Storefront redesign v6.0.0 → Production"). */
  window(title, within = this.page) {
    return within.getByRole('listitem').filter({ has: this.page.getByRole('link', { name: title, exact: true }) });
  }

  movePanel() {
    return this.page.getByRole('region', { name: /^Move the window of / });
  }

  proposedConflicts() {
    return this.page.getByRole('list', { name: 'Conflicts for the proposed window' }).getByRole('listitem');
  }

  /**
   * HTML5 drag and drop, step by step, as the browser fires it: `dragstart` on the window,
   * `dragenter`/`dragover` on a cell, then `drop` there and `dragend` on the window. The
   * events are dispatched with one shared DataTransfer: headless Chromium started by
   * playwright-core here does not turn mouse moves into native drags.
   */
  async startDrag(source) {
    this.dataTransfer = await this.page.evaluateHandle(() => new DataTransfer());
    await source.dispatchEvent('dragstart', { dataTransfer: this.dataTransfer });
  }

  async dragOver(cell) {
    await cell.dispatchEvent('dragenter', { dataTransfer: this.dataTransfer });
    await cell.dispatchEvent('dragover', { dataTransfer: this.dataTransfer });
  }

  async drop(cell, source) {
    await cell.dispatchEvent('drop', { dataTransfer: this.dataTransfer });
    await source.dispatchEvent('dragend', { dataTransfer: this.dataTransfer });
  }

  /** Ends the drag without dropping (Escape, or let go outside the calendar). */
  async abandonDrag(source) {
    await source.dispatchEvent('dragend', { dataTransfer: this.dataTransfer });
  }

  /** Downloads the calendar; resolves to { filename, path }. */
  async exportCalendar(dir) {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: 'Export the calendar (.ics)' }).click(),
    ]);
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    return { filename: download.suggestedFilename(), path };
  }

  // ---- Approvals ----

  async openApprovals() {
    await this.open('approvals');
    await this.page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
  }

  mine() {
    return this.page.getByRole('region', { name: 'Waiting for my decision' });
  }

  others() {
    return this.page.getByRole('region', { name: 'Waiting for others' });
  }

  awaitingAuthorization() {
    return this.page.getByRole('region', { name: "Waiting for change management's authorization" });
  }

  /** The item of a release in a list region. */
  item(region, title) {
    return region.getByRole('listitem').filter({ has: this.page.getByRole('link', { name: title, exact: true }) });
  }

  /** The status line saying what the last decision unlocked. */
  outcome() {
    return this.page.locator('main').getByRole('status').filter({ hasText: /\S/ });
  }
}

/**
 * The deployment windows of the demo book the app imports (dist/demo-book.json), folded from
 * its events: [{ title, environment, wave, start, end }] with ISO UTC times, for releases
 * not cancelled.
 */
export async function demoWindows() {
  const document = JSON.parse(await readFile(join(DIST, 'demo-book.json'), 'utf8'));
  const releases = new Map();
  const envs = new Map();
  for (const event of document.events) {
    const change = event.what;
    if (change.environment) envs.set(change.environment.id, change.environment.name);
    if (change.create_release) {
      const r = change.create_release;
      releases.set(event.id, { title: `${r.details.name} v${r.version}`, waves: new Map(), cancelled: false });
    }
    const inRelease = change.release;
    if (!inRelease) continue;
    const release = releases.get(inRelease.id);
    const c = inRelease.change;
    if (c.add_wave) release.waves.set(c.add_wave.id, c.add_wave.plan);
    if (c.edit_wave) release.waves.set(c.edit_wave.id, c.edit_wave.plan);
    if (c.remove_wave) release.waves.delete(c.remove_wave);
    if (c.cancel) release.cancelled = true;
  }
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const out = [];
  for (const release of releases.values()) {
    if (release.cancelled) continue;
    for (const [id, plan] of release.waves) {
      out.push({
        uid: `wave-${id}@release-desk`,
        title: release.title,
        environment: envs.get(plan.environment) ?? plan.environment,
        wave: plan.name,
        start: iso(plan.window.start),
        end: iso(plan.window.end),
      });
    }
  }
  return out;
}
