// End-to-end tests of a release's audit timeline (who did what when, the release as it was
// at any past event, the hash chain verified) and of the reports: release notes downloaded
// as Markdown, the PIR report by its deep link, the dossier printed without the app around
// it, and every release as CSV.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { ReportsPage } from './reports.page.mjs';
import { count } from './words.mjs';

const RELEASE = 'Payments faster refunds v3.3';
const OPTION = `${RELEASE} (closed)`;
const WHEN = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/;
const PEOPLE = /Rita Ramos|Carl Chen|Olga Okafor|Tom|Ana|Sam/;

describe('a release in the demo book', () => {
  let server;
  let browser;
  let desk;
  let id;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    desk = new ReportsPage(browser.page, server.url);
    await desk.loadDemoBook();
    await desk.pick(OPTION, 'Release notes');
    await desk.waitForTitle(`Release notes: ${RELEASE}`);
    id = desk.releaseIdInAddress();
    assert.ok(id, 'the address names the release');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('its timeline lists every event with when and who, newest or oldest first', async () => {
    await desk.page.getByRole('link', { name: "Open the release's page" }).click();
    await desk.timeline().waitFor();
    const newest = await desk.timelineTexts();
    assert.ok(newest.length >= 20, `${newest.length} events`);
    for (const entry of newest) {
      assert.match(entry, WHEN, entry);
      assert.match(entry, PEOPLE, entry);
    }
    assert.match(newest.at(-1), /Created minor release Payments faster refunds v3\.3/);

    await desk.page.getByRole('button', { name: 'Show oldest first' }).click();
    const oldest = await desk.timelineTexts();
    assert.deepEqual(oldest, [...newest].reverse());
    assert.match(oldest[0], /Created minor release Payments faster refunds v3\.3/);
    await desk.page.getByRole('button', { name: 'Show newest first' }).waitFor();
    assert.deepEqual(browser.problems, []);
  });

  test('"show as of" an earlier event shows the earlier status, "back to now" restores it', async () => {
    await desk.open(`releases/${id}`);
    await desk.timeline().waitFor();
    await desk.showAsOf('Authorized start of planning');
    const note = desk.timeTravelNote();
    await note.waitFor();
    assert.match(await note.innerText(), /^Showing the release as it was after event \d+ of \d+: it was in planning\./);
    assert.match(desk.page.url(), /[?&]as_of=/);
    const current = desk.timelineEntries().filter({ has: desk.page.locator('[aria-current="true"]') });
    assert.equal(await current.count(), 1);
    assert.match(await current.innerText(), /Authorized start of planning/);

    // What else changed in the book since then: later releases too.
    await desk.page.getByText('What changed in the whole book since this event').click();
    const since = desk.page.getByRole('group').filter({ hasText: 'What changed in the whole book' });
    await since.getByText(/^\d+ changes? in the book since then/).waitFor();
    assert.match(await since.innerText(), /Created minor release Storefront wish lists v5\.5/);

    // The very first event: the release was a draft then.
    await desk.showAsOf('Created minor release');
    await desk.page.getByRole('status').filter({ hasText: 'it was a draft' }).waitFor();

    await desk.page.getByRole('link', { name: 'Back to now' }).click();
    await note.waitFor({ state: 'detached' });
    assert.doesNotMatch(desk.page.url(), /as_of=/);
    assert.equal(await desk.page.locator('[aria-current="true"]').count(), 0);
    assert.deepEqual(browser.problems, []);
  });

  test('the hash chain of the whole log verifies', async () => {
    await desk.open(`releases/${id}`);
    await desk.timeline().waitFor();
    assert.match(await desk.verifyChain(), /^Hash chain verified: \d+ events, every link intact\.$/);
    assert.deepEqual(browser.problems, []);
  });

  test('its release notes download as Markdown: what changes, when, known errors with workarounds, help', async () => {
    await desk.open(`reports/notes/${id}`);
    await desk.waitForTitle(`Release notes: ${RELEASE}`);
    const file = await desk.download('Download this report as Markdown');
    assert.equal(file.filename, 'release-notes-payments-faster-refunds-v3-3.md');
    const md = file.text;
    assert.ok(md.startsWith(`# Release notes: ${RELEASE}\n`), md.slice(0, 80));
    for (const part of [
      '## What changes for users',
      '## When it reaches you',
      '- Production rollout: ',
      '## Known errors and workarounds',
      '- Refund e-mail shows UTC time. Workaround: Staff read the time from the till receipt. Fix: Payments 3.4',
      '## How to get help',
      '### Configuration items changed',
      '- Payments API: upgrade from ',
      '- Refund procedure: ',
    ]) {
      assert.ok(md.includes(part), `the notes hold ${part}`);
    }
    // What is downloaded is what the page shows.
    await desk.page.getByRole('heading', { level: 2, name: 'Known errors and workarounds' }).waitFor();
    assert.deepEqual(browser.problems, []);
  });

  test('the kind of report is chosen with the keyboard without losing the place', async () => {
    await desk.open(`reports/notes/${id}`);
    await desk.waitForTitle(`Release notes: ${RELEASE}`);
    const kind = desk.page.getByLabel('Report', { exact: true });
    await kind.focus();
    await desk.page.keyboard.press('ArrowDown');
    await desk.waitForTitle(`Post-implementation review: ${RELEASE}`);
    await desk.page.waitForFunction(() => document.activeElement?.id === 'report-kind');
    await desk.page.keyboard.press('ArrowDown');
    await desk.waitForTitle(`Release dossier: ${RELEASE}`);
    assert.equal(await kind.inputValue(), 'dossier');
    assert.deepEqual(browser.problems, []);
  });

  test('its PIR report opens from a deep link with the outcome', async () => {
    await desk.open(`reports/pir/${id}`);
    await desk.waitForTitle(`Post-implementation review: ${RELEASE}`);
    const report = desk.page.getByRole('article', { name: `Post-implementation review: ${RELEASE}` });
    assert.match(await report.innerText(), /Outcome\s+successful/);
    assert.match(await report.innerText(), /Objectives met; rehearsal caught one config gap/);
    assert.deepEqual(browser.problems, []);
  });

  test('its dossier prints as one document without the app around it', async () => {
    await desk.open(`reports/dossier/${id}`);
    await desk.waitForTitle(`Release dossier: ${RELEASE}`);
    const nav = desk.page.getByRole('navigation', { name: 'Main' });
    const print = desk.page.getByRole('button', { name: 'Print this report' });
    assert.ok(await nav.isVisible());
    assert.ok(await print.isVisible());
    await desk.page.emulateMedia({ media: 'print' });
    try {
      assert.equal(await nav.isVisible(), false, 'the navigation is hidden on paper');
      assert.equal(await desk.page.getByRole('banner').isVisible(), false, 'the header is hidden');
      assert.equal(await print.isVisible(), false, 'buttons are hidden');
      assert.equal(await desk.page.getByLabel('Release', { exact: true }).isVisible(), false);
      for (const section of ['Details', 'Release and deployment plan', 'Approvals and authorizations', 'Registers', 'Review', 'Audit timeline']) {
        assert.ok(
          await desk.page.getByRole('heading', { level: 2, name: section, exact: true }).isVisible(),
          `${section} is printed`,
        );
      }
      assert.ok(await desk.page.getByRole('region', { name: 'Audit timeline' }).isVisible());
    } finally {
      await desk.page.emulateMedia({ media: 'screen' });
    }
    assert.deepEqual(browser.problems, []);
  });

  test('the timeline, the picker and a report pass an accessibility check', async () => {
    await desk.open(`releases/${id}`);
    await desk.timeline().waitFor();
    await desk.showAsOf('Authorized start of planning');
    await desk.timeTravelNote().waitFor();
    await desk.verifyChain();
    assert.deepEqual(await desk.seriousViolations('#section-timeline'), []);
    await desk.open(`reports/dossier/${id}`);
    await desk.waitForTitle(`Release dossier: ${RELEASE}`);
    assert.deepEqual(await desk.seriousViolations(), []);
    assert.deepEqual(browser.problems, []);
  });

  test('a report and the timeline fit a 390 px phone without scrolling sideways', async () => {
    const width = () => desk.page.evaluate(() => document.documentElement.scrollWidth);
    await desk.page.setViewportSize({ width: 390, height: 844 });
    try {
      await desk.open(`reports/dossier/${id}`);
      await desk.waitForTitle(`Release dossier: ${RELEASE}`);
      assert.equal(await width(), 390);
      // Tables stay inside the screen (a wider one scrolls in its own region).
      const table = desk.page.getByRole('region', { name: 'Audit timeline' });
      assert.ok((await table.boundingBox()).width < 390);
      await desk.open(`releases/${id}`);
      await desk.timeline().waitFor();
      assert.equal(await width(), 390);
    } finally {
      await desk.page.setViewportSize({ width: 1280, height: 720 });
    }
  });

  test('every release downloads as CSV, one row a release', async () => {
    await desk.open('reports');
    const file = await desk.download('Download all releases as CSV');
    assert.match(file.filename, /^releases-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = file.text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    assert.match(lines[0], /^Release id,Name,Version,Service,Category,Status,/);
    assert.ok(lines.length >= 13, `${lines.length - 1} releases`);
    const row = lines.find((l) => l.includes(',Payments faster refunds,'));
    assert.match(row, /,3\.3,Payments,minor,closed,/);
    await desk.page.getByRole('status').filter({ hasText: `Downloaded ${count(lines.length - 1, 'release')} as CSV.` }).waitFor();
    assert.deepEqual(browser.problems, []);
  });
});
