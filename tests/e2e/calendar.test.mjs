// End-to-end tests of the calendar with the demo book: the month that holds the year-end
// freeze shows the book's production windows and the shaded freeze; dragging a window into
// the freeze shows the freeze conflict and its reason before anything is saved, and
// "Cancel" leaves the window where it was; the keyboard "Move" form saves a new window;
// the .ics export is read by Python's icalendar with the book's windows and times; and
// only people who may reschedule waves get the move controls.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { CalendarPage, dayWords, demoWindows, isoDay } from './calendar.page.mjs';
import { count } from './words.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REDESIGN = /^Storefront redesign v6\.0 → Production$/;

describe('the calendar of the demo book', () => {
  let server;
  let browser;
  let calendar;
  let windows;
  let year;
  let downloads;
  const day = (month, date) => new Date(Date.UTC(month === 1 ? year + 1 : year, month - 1, date));

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    calendar = new CalendarPage(browser.page, server.url);
    await calendar.loadDemoBook();
    // The demo book makes its release manager the person at this browser.
    await calendar.actAs('Rita Ramos');
    windows = await demoWindows();
    // The demo's draft redesign launches on 21 December inside the year-end freeze.
    const redesign = windows.find((w) => REDESIGN.test(`${w.title} → ${w.environment}`));
    year = new Date(redesign.start).getUTCFullYear();
    downloads = await mkdtemp(join(tmpdir(), 'release-desk-ics-'));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await rm(downloads, { recursive: true, force: true });
  });

  test('the month of the year-end freeze shows the production windows and the shaded freeze', async () => {
    await calendar.openCalendar(`view=month&date=${year}-12-01&env=prod`);
    await browser.page.getByRole('heading', { level: 2, name: `December ${year}` }).waitFor();
    // 18 December to 3 January are frozen on Production; the 17th is not.
    for (const date of [day(12, 18), day(12, 25), day(12, 31)]) {
      const cell = calendar.dayCell(date);
      assert.match(await cell.getAttribute('aria-label'), /, change freeze: Year-end trading freeze/);
      assert.equal(await cell.getByText('Freeze: Year-end trading freeze').count(), 1);
    }
    assert.doesNotMatch(await calendar.dayCell(day(12, 17)).getAttribute('aria-label'), /freeze/);

    // Every production window of the book that starts in December is in its day's cell.
    const december = windows.filter(
      (w) => w.environment === 'Production' && w.start.startsWith(`${year}-12-`),
    );
    assert.ok(december.length > 0);
    for (const w of december) {
      const cell = calendar.dayCell(new Date(w.start));
      const link = cell.getByRole('link', { name: `${w.title} → Production`, exact: true });
      assert.ok((await link.count()) >= 1, `${w.title} on ${w.start}`);
    }
    // The redesign's window is marked with the freeze conflict and its reason, and links to
    // its release page.
    const redesign = calendar.window(REDESIGN, calendar.dayCell(day(12, 21)));
    assert.match(
      await redesign.innerText(),
      new RegExp(`Conflict: the window falls in the freeze “Year-end trading freeze” \\(${year}-12-18 00:00 UTC to ${year + 1}-01-04 00:00 UTC\\) on Production`),
    );
    assert.match(await redesign.getByRole('link').getAttribute('href'), /^#\/releases\/demo-/);
    assert.deepEqual(await calendar.axeViolations(), []);
    assert.deepEqual(browser.problems, []);
  });

  test('a window dragged into the freeze shows the conflict before saving; Cancel leaves it', async () => {
    await calendar.openCalendar(`view=month&date=${year}-12-01&env=prod`);
    // A window this release manager may move, on a production day before the freeze.
    let title;
    let from;
    for (let date = 1; date < 18 && !title; date += 1) {
      const move = calendar.dayCell(day(12, date)).getByRole('button', { name: /^Move the window of / });
      if ((await move.count()) > 0) {
        title = (await move.first().getAttribute('aria-label')).replace('Move the window of ', '');
        from = day(12, date);
      }
    }
    assert.ok(title, 'a movable production window before the freeze');
    const into = day(12, 22);
    const source = calendar.window(title, calendar.dayCell(from));
    const panel = calendar.movePanel();

    // Dragged over a frozen day and let go outside the calendar: nothing is proposed.
    await calendar.startDrag(source);
    await calendar.dragOver(calendar.dayCell(day(12, 28)));
    await panel.waitFor();
    await calendar.abandonDrag(source);
    await panel.waitFor({ state: 'detached' });

    // While the window is over the 22nd, the conflicts are already checked and shown.
    await calendar.startDrag(source);
    await calendar.dragOver(calendar.dayCell(into));
    await panel.waitFor();
    assert.equal(await panel.getByRole('heading').innerText(), `Move the window of ${title}`);
    assert.match(await panel.innerText(), new RegExp(`Proposed window: ${isoDay(into)} `));
    await calendar.drop(calendar.dayCell(into), source);
    const reasons = await calendar.proposedConflicts().allInnerTexts();
    assert.ok(
      reasons.includes(
        `the window falls in the freeze “Year-end trading freeze” (${year}-12-18 00:00 UTC to ${year + 1}-01-04 00:00 UTC) on Production`,
      ),
      reasons.join('\n'),
    );
    // Nothing is saved yet: the window is still on its day.
    assert.equal(await calendar.window(title, calendar.dayCell(from)).count(), 1);
    assert.equal(await calendar.window(title, calendar.dayCell(into)).count(), 0);

    await panel.getByRole('button', { name: 'Cancel' }).click();
    await panel.waitFor({ state: 'detached' });
    await browser.page.getByText('Move cancelled; the window is unchanged.').waitFor();
    await calendar.reload();
    assert.equal(await calendar.window(title, calendar.dayCell(from)).count(), 1);
    assert.equal(await calendar.window(title, calendar.dayCell(into)).count(), 0);
    assert.deepEqual(browser.problems, []);
  });

  test('the .ics export is read by icalendar with every window of the book at its UTC times', async () => {
    await calendar.openCalendar(`view=month&date=${year}-12-01`);
    const { filename, path } = await calendar.exportCalendar(downloads);
    assert.equal(filename, 'release-calendar.ics');
    await browser.page
      .getByRole('status')
      .filter({ hasText: `Exported release-calendar.ics: ${count(windows.length, 'deployment window')} of every environment` })
      .waitFor();
    const { stdout } = await promisify(execFile)(
      join(ROOT, '.tools/py/bin/python'),
      [join(ROOT, 'tests/e2e/ics_check.py'), path],
      { cwd: ROOT },
    );
    const calendarFile = JSON.parse(stdout);
    assert.equal(calendarFile.version, '2.0');
    const deployments = calendarFile.events
      .filter((e) => !e.transparent)
      .map(({ uid, summary, start, end }) => ({ uid, summary, start, end }))
      .sort((a, b) => a.uid.localeCompare(b.uid));
    const expected = windows
      .map((w) => ({ uid: w.uid, summary: `${w.title} → ${w.environment}`, start: w.start, end: w.end }))
      .sort((a, b) => a.uid.localeCompare(b.uid));
    assert.deepEqual(deployments, expected);
    const freeze = calendarFile.events.filter(
      (e) => e.transparent && e.start === `${year}-12-18T00:00:00Z`,
    );
    assert.equal(freeze.length, 1, 'the year-end freeze once, for all four services');
    assert.equal(freeze[0].summary, 'Change freeze: Year-end trading freeze');
    assert.equal(freeze[0].end, `${year + 1}-01-04T00:00:00Z`);
    assert.deepEqual(freeze[0].categories, ['Change freeze', 'Production']);
    assert.deepEqual(browser.problems, []);
  });

  test('the keyboard Move form re-checks conflicts and saves the new window', async () => {
    await calendar.openCalendar(`view=month&date=${year}-12-01&env=prod`);
    const page = browser.page;
    const move = page.getByRole('button', { name: /^Move the window of Storefront redesign v6\.0 → Production$/ });
    const panel = calendar.movePanel();
    // Escape closes the form and gives the focus back to the calendar.
    await move.press('Enter');
    await panel.waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'calendar-title');

    await move.press('Enter');
    await panel.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'cal-move-date');
    assert.ok((await calendar.proposedConflicts().count()) > 0, 'the current window is in the freeze');

    const date = page.getByLabel('New start date');
    await date.fill(`${year}-12-15`);
    await date.press('Tab');
    await panel.getByText('No conflicts for the proposed window.').waitFor();
    assert.deepEqual(await calendar.axeViolations(), [], 'with the move form open');
    const time = page.getByLabel('New start time (UTC)');
    await time.fill('21:30');
    await time.press('Tab');
    await panel.getByText(`Proposed window: ${year}-12-15 21:30 to ${year}-12-16 01:30 UTC.`).waitFor();
    assert.equal(await calendar.window(REDESIGN, calendar.dayCell(day(12, 21))).count(), 1, 'not saved yet');

    await page.getByRole('button', { name: 'Save new window' }).press('Enter');
    await page.getByText('Saved the new window.').waitFor();
    await panel.waitFor({ state: 'detached' });
    const moved = calendar.window(REDESIGN, calendar.dayCell(day(12, 15)));
    assert.match(await moved.innerText(), /21:30–01:30 UTC/);
    assert.doesNotMatch(await moved.innerText(), /Conflict/);
    assert.equal(await calendar.window(REDESIGN, calendar.dayCell(day(12, 21))).count(), 0);
    // The address keeps the view: a reload shows the same month with the saved window.
    await calendar.reload();
    assert.equal(await calendar.window(REDESIGN, calendar.dayCell(day(12, 15))).count(), 1);
    assert.deepEqual(browser.problems, []);
  });

  test('week view: a drop on an hour, navigation, and a person who may not reschedule', async () => {
    await calendar.openCalendar(`view=week&date=${year}-12-15&env=prod`);
    const page = browser.page;
    const monday = day(12, 15 - ((day(12, 15).getUTCDay() + 6) % 7));
    await page.getByRole('heading', { level: 2, name: `Week of ${monday.getUTCDate()} December ${year}` }).waitFor();
    const slot = page.getByRole('cell', { name: new RegExp(`^${dayWords(day(12, 15))}, 21:00`) });
    assert.equal(await calendar.window(REDESIGN, slot).count(), 1);
    // Dropped on an hour of the week, the window starts at that hour; nothing saved yet.
    const source = calendar.window(REDESIGN, slot);
    const hour = page.getByRole('cell', { name: new RegExp(`^${dayWords(day(12, 16))}, 09:00`) });
    await calendar.startDrag(source);
    await calendar.dragOver(hour);
    await calendar.drop(hour, source);
    const panel = calendar.movePanel();
    await panel.getByText(`Proposed window: ${year}-12-16 09:00 to ${year}-12-16 13:00 UTC.`).waitFor();
    await panel.getByText('No conflicts for the proposed window.').waitFor();
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await panel.waitFor({ state: 'detached' });
    assert.equal(await calendar.window(REDESIGN, slot).count(), 1);
    await page.getByRole('button', { name: 'Next week' }).click();
    const next = new Date(monday.getTime() + 7 * 86_400_000);
    await page.getByRole('heading', { level: 2, name: `Week of ${next.getUTCDate()} December ${year}` }).waitFor();
    assert.match(page.url(), new RegExp(`date=${isoDay(next)}`));

    await calendar.actAs('Tom Tanaka');
    await calendar.openCalendar(`view=month&date=${year}-12-01&env=prod`);
    await calendar.window(REDESIGN).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Move the window of / }).count(), 0);
    assert.equal(await calendar.window(REDESIGN).getAttribute('draggable'), 'false');
    assert.deepEqual(browser.problems, []);
  });
});
