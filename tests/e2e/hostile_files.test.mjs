// End-to-end tests of hostile files: a book file with dates far beyond any plan, one whose
// last event claims the last place a number can hold, and another team's book. Each shows
// its message, leaves the stored book as it was (the dashboard's counts and the release
// list), and the app starts again after a reload with no error in the console. A calendar
// link with a date beyond the year 9999 shows today and says so.
//
// The files are crafted here from an unsigned synthetic book (`demo-book --sized`): an
// unsigned book takes unsigned events, and each crafted event is chained as the format asks
// (docs/format.md: `after` names the first 16 bytes of the SHA-256 of the event before,
// written without its signature in its canonical field order).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { DashboardPage } from './dashboard.page.mjs';
import { ReleasesPage } from './releases.page.mjs';

const U64_MAX = '18446744073709551615';

/** An event's JSON as the app writes it: its fields in canonical order; `seq` as written. */
function eventText(event, { withSig = false } = {}) {
  const body = { id: event.id, seq: '__SEQ__', at: event.at, by: event.by };
  if (event.after?.length) body.after = event.after;
  body.what = event.what;
  if (event.key) body.key = event.key;
  if (withSig && event.sig) body.sig = event.sig;
  return JSON.stringify(body).replace('"__SEQ__"', String(event.seq));
}

const hashOf = (event) => createHash('sha256').update(eventText(event)).digest('hex').slice(0, 32);

/** A book file of `events`, chained again one after the other (their `seq` kept). */
function bookFile(name, events) {
  let previous = null;
  const texts = [];
  for (const event of events) {
    event.after = previous ? [previous] : [];
    texts.push(eventText(event));
    previous = hashOf(event);
  }
  const text = `{"format":"release-desk/book","version":2,"name":${JSON.stringify(name)},"heads":["${previous}"],"events":[${texts.join(',')}]}`;
  return { name: `${name.replace(/\W+/g, '-')}.json`, mimeType: 'application/json', buffer: Buffer.from(text) };
}

const utc = (...parts) => Date.UTC(...parts);

describe('hostile book files', () => {
  let work;
  let server;
  let browser;
  let desk;
  let list;
  let base;
  let name;
  let before_;

  /** What a person sees of the stored book: dashboard counts, the release list, events. */
  async function seen() {
    await desk.open();
    const counts = await desk.statusCounts();
    await list.openList();
    const titles = await list.titles();
    await desk.open('settings');
    return { counts, titles, events: await desk.eventsInBook() };
  }

  /** Reloads the app and checks it starts and shows the same book, with no error. */
  async function startsAgain() {
    await desk.reload();
    assert.deepEqual(await seen(), before_, 'the book changed after a reload');
    assert.deepEqual(browser.problems, []);
  }

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'release-desk-hostile-'));
    const path = join(work, 'base.json');
    execFileSync('cargo', ['run', '--quiet', '--offline', '--bin', 'demo-book', '--', '--sized', '6', '0', path], {
      stdio: 'inherit',
    });
    const text = await readFile(path, 'utf8');
    const parsed = JSON.parse(text);
    base = parsed.events;
    name = parsed.name;
    assert.ok(base.every((e) => !e.sig), 'the base book is unsigned');
    server = await startServer();
    browser = await startBrowser();
    desk = new DashboardPage(browser.page, server.url);
    list = new ReleasesPage(browser.page, server.url);
    await desk.open('settings');
    assert.match(await desk.importFile(path), /^Imported \d+ new events, 6 new releases/);
    before_ = await seen();
    assert.equal(Object.values(before_.counts).reduce((a, b) => a + b, 0), 6);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('a file whose last event claims place 2^64 - 1 is refused and changes nothing', async () => {
    const events = structuredClone(base);
    const last = events[events.length - 1];
    events.push({
      id: 'overflow-1',
      seq: U64_MAX,
      at: last.at + 60_000,
      by: last.by,
      what: { person: { id: 'zed', name: 'Zed Overflow', roles: ['tester'] } },
    });
    const message = await desk.importFile(bookFile(name, events));
    assert.equal(
      message,
      `This file cannot be taken in: its event “overflow-1” claims place ${U64_MAX} in the log, ` +
        'beyond the last a book can hold (9007199254740991). Nothing was imported.',
    );
    assert.equal(await desk.eventsInBook(), before_.events);
    assert.ok(!(await desk.peopleNames()).includes('Zed Overflow'));
    await startsAgain();
  });

  test('another team’s book is refused, and can be looked at read-only beside this one', async () => {
    const events = structuredClone(base).map((e) => ({ ...e, id: `other-${e.id}` }));
    const message = await desk.importFile(bookFile('Other team’s book <b>#1</b>', events));
    const begun = new Date(base[0].at).toISOString().slice(0, 10);
    assert.equal(
      message,
      `This file is the book “Other team’s book <b>#1</b>”, begun on ${begun}, not this one ` +
        `(“Northwind Retail IT — release book”, begun on ${begun}). Nothing was imported.`,
    );
    assert.equal(await desk.eventsInBook(), before_.events);

    // Opened as a book of its own, read-only, in this part of the page.
    await desk.page.getByRole('button', { name: 'Open the file read-only' }).click();
    const look = desk.page.getByRole('region', { name: 'The file, read-only' });
    await look.getByText(/^The file: the book “Other team’s book <b>#1<\/b>”, begun on .+ Not signed/).waitFor();
    const counts = look.getByRole('region', { name: 'Releases by status', exact: true }).getByRole('link');
    await counts.first().waitFor();
    assert.equal(await look.getByRole('button', { name: /^(Add|Save|Approve)/ }).count(), 0);
    await desk.page.getByRole('button', { name: 'Close the file' }).click();
    await look.waitFor({ state: 'detached' });
    await startsAgain();
  });

  test('a freeze in the year 9999 is taken in, one beyond it is rejected, and nothing breaks', async () => {
    const events = structuredClone(base);
    const policy = events.find((e) => e.what.policy);
    assert.ok(policy, 'the base book sets a policy');
    const last = events[events.length - 1];
    const freeze = (id, start, end) => ({ id, name: `Freeze ${id}`, start, end, repeat: 'weekly' });
    let seq = last.seq;
    const next = (what) => ({ id: `far-${seq}`, seq: ++seq, at: last.at + 60_000 * (seq - last.seq), by: last.by, what });
    events.push(
      next({ policy: { ...policy.what.policy, freeze_windows: [freeze('edge', utc(9999, 11, 20), utc(9999, 11, 27))] } }),
      next({
        policy: { ...policy.what.policy, freeze_windows: [freeze('beyond', utc(200000, 0, 1), utc(200000, 0, 8))] },
      }),
    );
    const message = await desk.importFile(bookFile(name, events));
    assert.equal(message, 'Imported 2 new events, 0 new releases; 0 conflicts to resolve.');
    // The one beyond the year 9999 is listed with the rejected changes, with its reason.
    const rejected = desk.page.getByRole('table', { name: 'Rejected changes' });
    await rejected.getByRole('cell', { name: 'it holds a date outside the years 1 to 9999' }).waitFor();

    // The dashboard, the release list and the calendar at both ends still work.
    before_.events += 2;
    await startsAgain();
    await desk.open('calendar?date=9999-12-01');
    await desk.page.getByRole('heading', { level: 2, name: 'December 9999' }).waitFor();
    await desk.page.getByText('Freeze edge').first().waitFor();
    await desk.open('calendar?view=week&date=9999-12-31');
    await desk.page.getByRole('heading', { level: 2, name: 'Week of 27 December 9999' }).waitFor();
    await desk.press('Next week');
    await desk.page.getByText(/is not a date between the years 1 and 9999, so the calendar shows today\./).waitFor();
    assert.deepEqual(browser.problems, []);
  });

  test('a calendar link with a date beyond the year 9999 shows today and says so', async () => {
    for (const date of ['262143-12-31', '-262144-01-01', '99999999999-01-01']) {
      await desk.open(`calendar?date=${date}`);
      await desk.page
        .getByText(`The link's date “${date}” is not a date between the years 1 and 9999, so the calendar shows today.`)
        .waitFor();
      const today = new Date();
      const month = today.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
      await desk.page.getByRole('heading', { level: 2, name: `${month} ${today.getUTCFullYear()}` }).waitFor();
    }
    await startsAgain();
  });
});
