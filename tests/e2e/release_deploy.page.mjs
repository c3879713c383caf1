// Page object for the bottom half of a release's page: deployment waves, back-out, early
// life support, the registers, review and handover, and conflicts. Sections are found as
// the regions their headings name; people are switched the way the app remembers them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BookPage } from './book.page.mjs';
import { DIST } from './harness.mjs';

/** The people of the demo book, by the id the app stores for the person at the browser. */
export const PEOPLE = {
  rita: 'Rita Ramos',
  carl: 'Carl Chen',
  ana: 'Ana Alves',
  tom: 'Tom Tanaka',
  olga: 'Olga Okafor',
  sam: 'Sam Singh',
};

/** When the demo book's wave `wave` of `release` opens its window (ms since the epoch). */
export function windowStart(release, wave) {
  const book = JSON.parse(readFileSync(join(DIST, 'demo-book.json'), 'utf8'));
  const created = book.events.find((e) => e.what?.create_release?.details?.name === release);
  // The last plan of the wave: an edit may have moved its window.
  const planned = book.events.findLast(
    (e) => e.what?.release?.id === created.id && JSON.stringify(e.what.release.change).includes(`"name":"${wave}"`),
  );
  const start = JSON.stringify(planned.what.release.change).match(/"window":\{"start":(\d+)/);
  if (!start) throw new Error(`no window for ${wave}`);
  return Number(start[1]);
}

export class ReleaseDeployPage extends BookPage {
  /**
   * Works as another person of the book from now on: sets the preferences the app reads at
   * start-up (src/storage/prefs.rs: `release-desk.person`, `release-desk.display-name`,
   * stored as JSON strings) and reloads.
   */
  async actAs(id) {
    await this.page.evaluate(
      ([person, name]) => {
        localStorage.setItem('release-desk.person', JSON.stringify(person));
        localStorage.setItem('release-desk.display-name', JSON.stringify(name));
      },
      [id, PEOPLE[id]],
    );
    await this.reload();
  }

  /** The id of the demo book's release named `name` (the id of the event creating it). */
  async releaseId(name) {
    const text = await this.page.evaluate(async () => (await fetch('demo-book.json')).text());
    const book = JSON.parse(text);
    const events = book.events ?? book.log?.events ?? [];
    const created = events.find((e) => e.what?.create_release?.details?.name === name);
    if (!created) throw new Error(`the demo book has no release named ${name}`);
    return created.id;
  }

  /** The id of the first event on the demo release `name` whose change is `change`. */
  async eventId(name, change) {
    const release = await this.releaseId(name);
    const text = await this.page.evaluate(async () => (await fetch('demo-book.json')).text());
    const event = JSON.parse(text).events.find(
      (e) => e.what?.release?.id === release && JSON.stringify(e.what.release.change).startsWith(`"${change}"`),
    );
    if (!event) throw new Error(`no ${change} on ${name}`);
    return event.id;
  }

  /** Opens the page of the demo release named `name`, as of an event if given. */
  async openRelease(name, asOf = '') {
    const id = await this.releaseId(name);
    const query = asOf ? `?as_of=${encodeURIComponent(asOf)}` : '';
    await this.open(`releases/${encodeURIComponent(id)}${query}`);
    await this.section('Deployment waves').waitFor({ timeout: 15_000 });
  }

  /** A section of the release page, by its heading. */
  section(name) {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** One deployment wave, by its name. */
  wave(name) {
    return this.section('Deployment waves').getByRole('listitem', { name, exact: true });
  }

  /** Clicks a button inside `scope` (a locator) by its name. */
  async click(scope, name) {
    await scope.getByRole('button', { name, exact: true }).click();
  }

  /**
   * As the change manager, records an emergency override on a wave of the demo release
   * `release` (its window is days away), then works as `then` again.
   */
  async overrideWindow(release, wave, reason, then) {
    await this.actAs('carl');
    await this.openRelease(release);
    const item = this.wave(wave);
    await item.getByText(`Emergency override for ${wave}`, { exact: true }).click();
    await item.getByLabel(`Why ${wave} cannot wait for its window`).fill(reason);
    await this.click(item, `Record the emergency override for ${wave}`);
    await item.getByText('Emergency override', { exact: true }).waitFor();
    await this.actAs(then);
    await this.openRelease(release);
  }

  /** Starts the wave and records its verification. */
  async startAndVerify(wave, passed, notes) {
    const item = this.wave(wave);
    await this.click(item, `Start deploying ${wave}`);
    await item.getByLabel(`What was checked on ${wave}`).fill(notes);
    await this.click(
      item,
      passed ? `Record ${wave} as verified: working` : `Record ${wave} as failed verification`,
    );
    await item
      .getByRole('heading', { name: new RegExp(passed ? 'verified$' : 'failed verification$') })
      .waitFor();
  }

  /** Opens a `<details>` inside `scope` by its summary text. */
  async expand(scope, summary) {
    const opener = scope.getByRole('button', { name: summary, exact: true });
    const details = scope.locator('details').filter({ has: this.page.getByText(summary, { exact: true }) });
    const either = opener.or(details.locator('summary')).first();
    if (await either.evaluate((e) => e.tagName === 'SUMMARY' || e.getAttribute('aria-expanded') !== 'true')) {
      await either.click();
    }
  }

  /** The names of the open entries of a register section, in the order shown. */
  async entries(section) {
    return this.section(section)
      .getByRole('list')
      .first()
      .getByRole('listitem')
      .evaluateAll((items) => items.map((li) => li.getAttribute('aria-label')));
  }
}
