// End-to-end: the deployment runbook of Storefront faster search, whose Production window
// opens in two days (the browsers' clocks are set by Playwright's `page.clock`). The release
// manager imports the runbook from CSV (a file with bad rows is refused, each row's message
// listed), rehearses it a day before with one task late, and is offered the learned
// duration. In the window, operations finishes tasks offline on one laptop while the release
// manager watches on another; both sync through a DAV host and show the same run. The
// overrun warning shows before the window ends; the failed go/no-go stops what it gates and
// the run switches to back-out. A runbook of 250 tasks lists its first 100 until asked for
// all, and downloads back as CSV whole. The Gantt chart prints whole. The runbook section and My tasks pass axe, light and dark,
// and fit 390, 768 and 1280 px.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startDav } from './dav.mjs';
import { startBrowser, startServer } from './harness.mjs';
import { windowStart } from './release_deploy.page.mjs';
import { RunbookPage } from './runbook.page.mjs';

const STOREFRONT = 'Storefront faster search';
const WAVE = 'Production rollout';
const MINUTE = 60_000;

const HEADER = 'id,title,stage,kind,owner,environment,wave,minutes,after,fixed_start';
const TASKS = [
  `T1,Announce the start,Preparation,communication,olga,,${WAVE},10,,`,
  `T2,Stop the search indexer,Preparation,task,olga,,${WAVE},20,T1,`,
  `T3,Go/no-go: indexer stopped,Cutover,go_no_go,rita,,${WAVE},5,T2,`,
  `T4,Deploy the search service,Cutover,task,olga,,${WAVE},60,T3,`,
  `T5,Go/no-go: smoke tests,Verification,go_no_go,rita,,${WAVE},10,T4,`,
  `T6,Announce the end,Verification,communication,olga,,${WAVE},5,T5,`,
  `B1,Restore the previous search service,Back-out,backout,olga,,${WAVE},30,T4,`,
  `B2,Verify the old search,Back-out,backout,olga,,${WAVE},15,B1,`,
];

/** Problems of a laptop, less the 404s a first sync into an empty folder causes on purpose. */
function unexpected(problems, dav) {
  const notYet = new RegExp(`^HTTP 404: ${dav.url.replace(/[.?]/g, '\\$&')}(manifest|index\\.[\\w-]+)\\.json$`);
  return problems.filter(
    (p) => !notYet.test(p) && !/^console error: Failed to load resource: the server responded with a status of 404/.test(p),
  );
}

describe('the deployment runbook: import, rehearse, run live on two laptops, back out', () => {
  let server;
  let dav;
  let start;
  const browsers = {};
  const desks = {};

  before(async () => {
    server = await startServer();
    dav = await startDav('apache', { origin: new URL(server.url).origin });
    start = windowStart(STOREFRONT, WAVE);
    for (const name of ['a', 'b']) {
      browsers[name] = await startBrowser();
      // A day before the window: the rehearsal.
      await browsers[name].page.clock.install({ time: start - 24 * 60 * MINUTE });
      desks[name] = new RunbookPage(browsers[name].page, server.url);
      await desks[name].loadDemoBook();
    }
    await desks.a.actAs('rita');
    await desks.b.actAs('rita');
  });

  after(async () => {
    for (const browser of Object.values(browsers)) await browser?.close();
    await dav?.stop();
    await server?.stop();
  });

  test('a CSV with bad rows is refused row by row; the good one is imported', async () => {
    const a = desks.a;
    await a.openRelease(STOREFRONT);
    const bad = [HEADER, TASKS[0], TASKS[1].replace(',T1,', ',T9,'), TASKS[2], TASKS[3].replace(',60,', ',an hour,'), ...TASKS.slice(4)];
    const form = await a.importCsv(bad.join('\n'));
    const rows = await a.badRows();
    assert.equal(rows.length, 2, rows.join('\n'));
    assert.match(rows[0], /^Line 3: .*T9/);
    assert.match(rows[1], /^Line 5: /);
    assert.match(await form.getByText(/^2 rows are wrong; nothing was imported\.$/).innerText(), /2 rows/);
    assert.deepEqual(await a.taskIds(), []);

    await a.importCsv([HEADER, ...TASKS].join('\n'));
    await a.runbook().getByText('Runbook imported.').waitFor();
    assert.deepEqual(await a.taskIds(), ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'B1', 'B2']);
    // The plan: the Gantt chart and its table, the critical path marked.
    assert.match(await a.ganttNotes('T4'), /critical path/);
    // The calendar shows the runbook's span inside the window (22:00–01:00): 1 h 50 min.
    assert.match(await a.calendarChip(STOREFRONT, start), /runbook 22:00–23:50/);
    await a.openRelease(STOREFRONT);
    assert.deepEqual(browsers.a.problems, []);
  });

  test('a rehearsal with one task late, then the learned duration is offered', async () => {
    const a = desks.a;
    const clock = browsers.a.page.clock;
    await a.startRun('rehearsal');
    for (const [id, minutes] of [['T1', 10], ['T2', 35], ['T3', 5], ['T4', 60], ['T5', 10], ['T6', 5]]) {
      await a.mark(id, 'Start');
      await clock.runFor(minutes * MINUTE);
      await a.mark(id, 'Finish');
    }
    assert.match(await a.ganttNotes('T2'), /late/, 'T2 took 35 min of 20');
    await a.endRun();
    const runs = await a.runs();
    assert.match(runs[0], /^Rehearsal 1: 2 h \d+ min$/);

    const form = await a.editTask('T2');
    const offered = form.getByText(/^Learned from earlier runs: /);
    assert.match(await offered.innerText(), /median 35 min, p90 35 min \(1 run\)/);
    await form.getByRole('button', { name: 'Use the median', exact: true }).click();
    assert.equal(await form.getByLabel('Planned duration').inputValue(), '35');
    await form.getByRole('button', { name: 'Save the task', exact: true }).click();
    await a.row('T2').locator('td').nth(2).filter({ hasText: '35 min' }).waitFor();
    assert.deepEqual(browsers.a.problems, []);
  });

  test('the live run on two laptops offline: one finishes tasks, one watches, sync merges them', async () => {
    const { a, b } = desks;
    for (const name of ['a', 'b']) {
      await desks[name].releaseId(STOREFRONT);
      await desks[name].configure({ address: dav.url, timeout: 10 });
    }
    await a.openPanel();
    await a.syncOk();
    await b.openPanel();
    await b.syncOk();

    // The window opens: the release manager starts the live run, and both laptops have it.
    for (const name of ['a', 'b']) await browsers[name].page.clock.setSystemTime(start);
    await a.openRelease(STOREFRONT);
    await a.startRun('live run');
    await a.openPanel();
    await a.syncOk();
    await b.openPanel();
    await b.syncOk();
    await a.actAs('olga');
    await b.openRelease(STOREFRONT);
    await b.runbook().getByRole('heading', { name: /^Live run going since / }).waitFor();

    // Offline: operations finishes the first two tasks on A; B watches and sees nothing yet.
    await a.openRelease(STOREFRONT);
    await a.offline(true);
    await b.offline(true);
    for (const [id, minutes] of [['T1', 10], ['T2', 35]]) {
      await a.mark(id, 'Start');
      await browsers.a.page.clock.runFor(minutes * MINUTE);
      await a.mark(id, 'Finish');
    }
    assert.equal(await b.state('T1'), '');
    assert.deepEqual(await b.steps('T1'), ['Start', 'Finish', 'Skip', 'Fail'], 'the release manager may mark any task');
    await a.offline(false);
    await b.offline(false);

    await a.openPanel();
    await a.syncOk();
    await b.openPanel();
    await b.syncOk();
    await b.openRelease(STOREFRONT);
    assert.equal(await b.state('T1'), 'done');
    assert.equal(await b.state('T2'), 'done');
    assert.deepEqual(await b.steps('T1'), []);
    assert.deepEqual(await a.eventIds(), await b.eventIds(), 'both laptops hold the same events');
    for (const name of ['a', 'b']) assert.deepEqual(unexpected(browsers[name].problems, dav), [], name);
  });

  test('the overrun warning shows before the window ends', async () => {
    const a = desks.a;
    const clock = browsers.a.page.clock;
    await a.openRelease(STOREFRONT);
    assert.equal(await a.overrun().count(), 0, 'the plan fits the window');
    await a.mark('T3', 'Start');
    await a.mark('T3', 'Finish');
    await a.mark('T4', 'Start');
    // The deployment runs long: 2 h 52 min into the 3-hour window, T4 is still running.
    // (The time is set and the page read again, rather than the app's timers run: running
    // them at once after a sync trips Playwright's clock on a wasm closure.)
    await clock.setSystemTime(start + 172 * MINUTE);
    await a.reload();
    await a.openRelease(STOREFRONT);
    const warning = a.overrun();
    await warning.waitFor();
    assert.match(
      await warning.innerText(),
      /^Forecast to overrun the Production window by \d+ min; critical path through “Deploy the search service”/,
    );
    assert.ok((await browsers.a.page.evaluate(() => Date.now())) < start + 180 * MINUTE, 'before the window ends');
    assert.deepEqual(unexpected(browsers.a.problems, dav), []);
  });

  test('a failed go/no-go stops what it gates, and the run switches to back-out', async () => {
    const a = desks.a;
    await a.mark('T4', 'Finish');
    await a.mark('T5', 'Start');
    await a.mark('T5', 'Fail');
    assert.deepEqual(await a.steps('T6'), [], 'the failed go/no-go stops T6');
    assert.deepEqual(await a.steps('B1'), [], 'back-out steps wait for the switch');
    await a.switchToBackout('Smoke tests red: search returns errors');
    assert.match(await a.runbook().getByText(/^Backing out since /).innerText(), /Smoke tests red: search returns errors$/);
    assert.deepEqual(await a.steps('B1'), ['Start', 'Finish', 'Skip', 'Fail']);
    // My tasks on a phone: the back-out step, with big buttons.
    await browsers.a.page.setViewportSize({ width: 390, height: 844 });
    const mine = await a.myTasks();
    assert.deepEqual(mine, [{ task: 'B1 Restore the previous search service', steps: ['Start', 'Finish', 'Skip', 'Fail'] }]);
    assert.deepEqual(unexpected(browsers.a.problems, dav), []);
  });

  test('a runbook of 250 tasks from a spreadsheet lists the first 100, then all of them on request', async () => {
    const a = desks.a;
    await browsers.a.page.setViewportSize({ width: 1280, height: 900 });
    await a.actAs('rita');
    await a.openRelease('Warehouse robotics integration');
    const rows = [HEADER];
    for (let i = 1; i <= 250; i++) rows.push(`T${i},Step ${i},Cutover,task,rita,,,5,${i > 1 ? `T${i - 1}` : ''},`);
    // Read from a spreadsheet's file this time: the file fills the text, then it is imported.
    await a.expand(a.runbook(), 'Import from CSV');
    const form = a.runbook().getByRole('form', { name: 'Import the runbook from CSV' });
    await form.getByLabel('Or read a CSV file').setInputFiles({ name: 'cutover.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await browsers.a.page.waitForFunction(() => document.getElementById('runbook-csv-csv')?.value.split('\n').length === 251);
    await form.getByRole('button', { name: 'Import the runbook', exact: true }).click();
    await a.runbook().getByText('Runbook imported.').waitFor();
    const ids = await a.taskIds();
    assert.equal(ids.length, 100);
    assert.deepEqual([ids[0], ids[99]], ['T1', 'T100']);
    assert.match(await a.runbook().locator('.runbook__table caption').innerText(), /: the first 100 of 250 tasks$/);
    assert.equal(await a.runbook().locator('.gantt__row').count(), 100);
    // The chart says so, and its time axis still spans the whole runbook (250 × 5 min).
    assert.match(await a.runbook().locator('#gantt-desc').textContent(), /^250 tasks from .* The first 100 are drawn\./);
    await a.runbook().getByRole('button', { name: 'Show all 250 tasks', exact: true }).click();
    await a.row('T250').waitFor();
    assert.equal((await a.taskIds()).length, 250);
    assert.equal(await a.runbook().locator('.gantt__row').count(), 250);
    assert.equal(await a.runbook().getByRole('button', { name: /^Show all/ }).count(), 0);
    // The spreadsheet back: the download holds every task as imported.
    const [download] = await Promise.all([
      browsers.a.page.waitForEvent('download'),
      a.runbook().getByRole('button', { name: 'Download the runbook as CSV', exact: true }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'Warehouse robotics integration runbook.csv');
    const lines = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
    assert.equal(lines.length, 251);
    assert.equal(lines[0], HEADER);
    assert.match(lines[250], /^T250,Step 250,Cutover,task,rita,,,5,T249,?$/);
    // A file that is no CSV at all (an image) is refused row by row, and the runbook kept.
    await a.expand(a.runbook(), 'Import from CSV');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x2c, 0xff, 0x0a, 0x01]);
    await form.getByLabel('Or read a CSV file').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
    await browsers.a.page.waitForFunction(() => document.getElementById('runbook-csv-csv')?.value.startsWith('\ufffdPNG'));
    await form.getByRole('button', { name: 'Import the runbook', exact: true }).click();
    await form.getByText(/^\d+ rows? (is|are) wrong; nothing was imported\.$/).waitFor();
    assert.ok((await a.badRows()).length > 0);
    assert.equal((await a.taskIds()).length, 250, 'the runbook is as it was');
    assert.deepEqual(unexpected(browsers.a.problems, dav), []);
  });

  test('the runbook section and My tasks pass axe, light and dark, and fit 390, 768 and 1280 px', async () => {
    const a = desks.a;
    const page = browsers.a.page;
    const found = [];
    for (const theme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: theme });
      for (const width of [390, 768, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await a.openRelease(STOREFRONT);
        await a.runbook().locator('.gantt').waitFor();
        for (const v of await a.axe('#section-runbook')) found.push(`runbook, ${theme}, ${width}: ${v}`);
        if (await a.sideways()) found.push(`runbook, ${theme}, ${width}: the page scrolls sideways`);
        await a.myTasks();
        for (const v of await a.axe('main')) found.push(`my tasks, ${theme}, ${width}: ${v}`);
        if (await a.sideways()) found.push(`my tasks, ${theme}, ${width}: the page scrolls sideways`);
      }
    }
    assert.deepEqual(found, []);
    assert.deepEqual(unexpected(browsers.a.problems, dav), []);
  });

  test('the Gantt chart prints whole on a page, without the run controls', async () => {
    const a = desks.a;
    const page = browsers.a.page;
    // An A4 page's printable width at 96 dpi.
    await page.setViewportSize({ width: 680, height: 960 });
    await a.openRelease(STOREFRONT);
    const chart = a.runbook().locator('.gantt__chart');
    await chart.waitFor();
    const drawn = await a.runbook().locator('.gantt__row').count();
    assert.ok(drawn > 5);
    await page.emulateMedia({ colorScheme: 'light', media: 'print' });
    const box = await chart.boundingBox();
    assert.ok(box.width > 600 && box.x >= 0 && box.x + box.width <= 680, `the chart spans ${box.x}–${box.x + box.width} px of 680`);
    assert.equal(await a.runbook().locator('.gantt__row').count(), drawn, 'every bar of the screen is printed');
    for (const hidden of ['.runbook__tools', '.runbook__actions', '.runbook .opener']) {
      for (const element of await a.runbook().locator(hidden).all()) {
        assert.equal(await element.isVisible(), false, `${hidden} is not printed`);
      }
    }
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000, 'the page prints');
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(unexpected(browsers.a.problems, dav), []);
  });
});
