// End-to-end tests of the release list and the new-release wizard: the filter and sort live
// in the address (a reload or a shared link shows the same view), the CSV download is what
// a spreadsheet should read, a number the release policy refuses is explained and the
// suggestion accepted, a release is created with the keyboard alone, and a book of 10,000
// releases keeps only a screenful of rows in the page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { ReleasesPage } from './releases.page.mjs';

/** Splits RFC 4180 CSV text into rows of cells. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  return rows;
}

describe('the release list of the demo book', () => {
  let server;
  let browser;
  let releases;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    releases = new ReleasesPage(browser.page, server.url);
    await releases.loadDemoBook();
    // The demo book makes its release manager the person at this browser; the shell reads
    // who that is at start-up.
    await releases.reload();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('search and a phase filter narrow the list and the address; a reload and the link restore them', async () => {
    await releases.openList();
    const all = await releases.count();
    const total = Number(/ of (\d+) releases/.exec(all)[1]);
    assert.ok(total >= 10, `the demo book lists ${all}`);

    await releases.search('payments');
    await releases.waitForCount(new RegExp(`^\\d+ of ${total} releases$`));
    const searched = await releases.titles();
    assert.ok(searched.length > 0 && searched.length < total, `search kept ${searched.length}`);
    for (const title of searched) assert.match(title, /payments/i);
    assert.match(await releases.hash(), /[?&]q=payments(&|$)/);

    await releases.filter('Phase or status', 'closed');
    const filtered = await releases.cells();
    assert.ok(filtered.length > 0 && filtered.length < searched.length, `closed kept ${filtered.length}`);
    for (const cells of filtered) {
      assert.match(cells[0], /payments/i);
      assert.equal(cells[4], 'closed');
    }
    const hash = await releases.hash();
    assert.match(hash, /[?&]phase=closed(&|$)/);
    const count = await releases.count();

    await releases.reload();
    await releases.waitForCount(count);
    assert.equal(await releases.searchBox().inputValue(), 'payments');
    assert.equal(await releases.chosen('Phase or status'), 'closed');
    assert.deepEqual(await releases.cells(), filtered);

    // The link, opened in a fresh tab, shows the same view.
    const other = await browser.context.newPage();
    const shared = new ReleasesPage(other, server.url);
    await other.goto(`${server.url}${hash.replace(/ /g, '%20')}`);
    await shared.waitForShell();
    await shared.waitForCount(count);
    assert.equal(await shared.searchBox().inputValue(), 'payments');
    assert.deepEqual(await shared.cells(), filtered);
    await other.close();

    // A date range on the next deployment window keeps the releases deploying from then on.
    await releases.openList();
    const windows = (await releases.cells()).map((cells) => cells[6].slice(0, 10)).filter(Boolean).sort();
    assert.ok(windows.length >= 2, `${windows.length} releases have a window`);
    const from = windows[Math.floor(windows.length / 2)];
    await releases.filter('Dates of', 'next deployment window');
    await browser.page.getByLabel('From', { exact: true }).fill(from);
    const expected = windows.filter((day) => day >= from).length;
    await releases.waitForCount(`${expected} of ${total} releases`);
    for (const cells of await releases.cells()) assert.ok(cells[6].slice(0, 10) >= from, cells.join(' | '));
    assert.match(await releases.hash(), new RegExp(`dates=window.*from=${from}`));
    await releases.reload();
    await releases.waitForCount(`${expected} of ${total} releases`);
    assert.equal(await browser.page.getByLabel('From', { exact: true }).inputValue(), from);

    // Nothing matches: the list says so and offers to clear the filters.
    await releases.search('no such release anywhere');
    await releases.waitForCount(`0 of ${total} releases`);
    await browser.page.getByText('No release matches these filters.').waitFor();
    await browser.page.getByRole('button', { name: 'Clear filters' }).click();
    await releases.waitForCount(`${total} of ${total} releases`);
    assert.equal(await releases.searchBox().inputValue(), '');
    assert.doesNotMatch(await releases.hash(), /q=|phase=/);
    assert.deepEqual(browser.problems, []);
  });

  test('a column header sorts the list both ways and says so', async () => {
    await releases.openList();
    await releases.sortBy('Title');
    assert.equal(await releases.sortOf('Title'), 'ascending');
    assert.equal(await releases.sortOf('Last change'), null);
    const up = await releases.titles();
    assert.deepEqual(up, [...up].sort());
    assert.match(await releases.hash(), /sort=title&dir=asc/);

    await releases.sortBy('Title');
    assert.equal(await releases.sortOf('Title'), 'descending');
    assert.deepEqual(await releases.titles(), [...up].reverse());

    await releases.sortBy('Version');
    const versions = (await releases.cells()).map((cells) => cells[1].split('.').map(Number));
    const key = ([a, b, c = 0]) => a * 1e6 + b * 1e3 + c;
    for (let i = 1; i < versions.length; i += 1) {
      assert.ok(key(versions[i - 1]) <= key(versions[i]), `${versions[i - 1]} before ${versions[i]}`);
    }
    await releases.reload();
    assert.equal(await releases.sortOf('Version'), 'ascending');
    assert.deepEqual(browser.problems, []);
  });

  test('the CSV download holds the filtered list, quoted for spreadsheets', async () => {
    // A name a spreadsheet would run as a formula, with a comma and quotes in it.
    const name = '=HYPERLINK("http://example.com","click")';
    await releases.openWizard();
    await releases.fillWizard({ service: 'Web storefront', name, rfcs: 'RFC-7001' });
    await releases.create();
    await releases.waitForReleasePage();

    await releases.openList('?service=storefront');
    assert.equal(await releases.chosen('Service'), 'Web storefront');
    const shown = await releases.cells();
    const { filename, text } = await releases.downloadCsv();
    assert.equal(filename, 'releases.csv');
    assert.ok(text.startsWith('\ufeff'), 'starts with a byte order mark for spreadsheets');
    assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text), 'every line ends in CRLF');
    const [header, ...rows] = parseCsv(text.slice(1));
    assert.deepEqual(header, [
      'Title', 'Version', 'Service', 'Category', 'Status', 'Owner team', 'RFCs', 'Created',
      'Next deployment window', 'Last change', 'Id',
    ]);
    assert.equal(rows.length, shown.length);
    for (const row of rows) assert.equal(row[2], 'Web storefront');
    const formula = rows.find((row) => row[6] === 'RFC-7001');
    assert.ok(formula, 'the new release is in the file');
    assert.match(formula[0], /^'=HYPERLINK\("http:\/\/example\.com","click"\) v\d+\.\d+$/);
    assert.ok(text.includes(`"'=HYPERLINK(""http://example.com"",""click"") v`), 'quotes are doubled');
    assert.deepEqual(browser.problems, []);
  });

  test('a number the policy refuses is explained, and its suggestion creates the release', async () => {
    await releases.openWizard();
    await releases.fillWizard({ service: 'Payments', category: 'minor', name: 'Payments gift cards', rfcs: 'RFC-2001, RFC-2002' });
    const suggested = await releases.suggestedVersion();
    assert.equal(await releases.versionField().inputValue(), suggested);

    await releases.fillWizard({ version: '9.9' });
    await releases.create();
    const error = await releases.versionError().innerText();
    assert.equal(error, `9.9 is not the next minor release of Payments: the release policy gives ${suggested}.`);
    assert.equal(await releases.versionField().getAttribute('aria-invalid'), 'true');

    await browser.page.getByRole('button', { name: `Use ${suggested}` }).click();
    assert.equal(await releases.versionField().inputValue(), suggested);
    assert.equal(await releases.versionError().count(), 0);
    await releases.create();
    const id = await releases.waitForReleasePage();
    assert.equal(await browser.page.getByText('There is no such release').count(), 0);

    // The list has it, in draft, linking to the page just opened.
    await releases.openList('?q=gift');
    await releases.waitForCount(/^1 of /);
    const [cells] = await releases.cells();
    assert.equal(cells[0], `Payments gift cards v${suggested}`);
    assert.equal(cells[4], 'draft');
    const link = releases.table().getByRole('link', { name: `Payments gift cards v${suggested}` });
    assert.equal(await link.getAttribute('href'), `#/releases/${id}`);
    await releases.search('RFC-2002');
    await releases.waitForCount(/^1 of /);

    // The minor category's hints wrote nothing: no plan and no criteria were recorded, so
    // the gates still ask people for them (the hints are placeholders and suggestions).
    await releases.open('settings');
    const { events } = JSON.parse((await releases.exportBook()).text);
    const changes = events
      .filter((e) => e.what.release?.id === id)
      .map((e) => Object.keys(e.what.release.change)[0]);
    assert.deepEqual(changes, []);
    assert.ok(events.some((e) => e.id === id && e.what.create_release), 'the release was created');
    assert.deepEqual(browser.problems, []);
  });

  test('a release is created with the keyboard alone', async () => {
    await releases.openWizard();
    const keyboard = browser.page.keyboard;
    // The service is focused first; the tab order follows the form.
    assert.equal(await browser.page.evaluate(() => document.activeElement.labels[0].textContent), 'Service');
    await keyboard.press('Tab'); // the category: minor, as chosen
    await keyboard.press('ArrowUp'); // major
    await keyboard.press('Tab'); // the version, the policy's number for a major release
    const focused = () => browser.page.evaluate(() => document.activeElement.labels?.[0]?.textContent);
    assert.equal(await focused(), 'Version');
    const suggested = await releases.versionField().inputValue();
    assert.match(suggested, /^\d+\.0$/);
    await keyboard.press('Tab');
    assert.equal(await focused(), 'Name');
    await keyboard.type('Keyboard release');
    await keyboard.press('Tab');
    await keyboard.type('RFC-3001');
    await keyboard.press('Enter');
    const id = await releases.waitForReleasePage();

    await releases.openList(`?q=${id}`);
    await releases.waitForCount(/^1 of /);
    const [cells] = await releases.cells();
    assert.match(cells[0], new RegExp(`^Keyboard release v${suggested.replace('.', '\\.')}$`));
    assert.equal(cells[3], 'major');
    assert.deepEqual(browser.problems, []);
  });

  test('someone whose role may not create releases is told who can', async () => {
    // Sam Singh, the demo's stakeholder, works at this browser (as Settings would record).
    await browser.page.evaluate(() => localStorage.setItem('release-desk.person', JSON.stringify('sam')));
    await releases.reload();
    await releases.openWizard();
    await browser.page
      .getByText(
        'Only a release manager or a change manager / CAB can create a release. You are working as Sam Singh (stakeholder).',
      )
      .waitFor();
    assert.equal(await browser.page.getByRole('button', { name: 'Create release' }).count(), 0);
    await browser.page.getByRole('link', { name: 'Choose who you are in Settings' }).waitFor();
    await browser.page.evaluate(() => localStorage.setItem('release-desk.person', JSON.stringify('rita')));
    await releases.reload();
    assert.deepEqual(browser.problems, []);
  });
});

describe('a list of 10,000 releases', () => {
  let server;
  let browser;
  let releases;
  let work;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'release-desk-list-'));
    const path = join(work, 'book-10k.json');
    execFileSync('cargo', ['run', '--quiet', '--offline', '--bin', 'demo-book', '--', '--sized', '10000', '0', path], {
      stdio: 'inherit',
    });
    server = await startServer();
    browser = await startBrowser();
    releases = new ReleasesPage(browser.page, server.url);
    await releases.open('settings');
    await releases.importFile(path);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('renders only the rows in view, and scrolling shows later ones', async () => {
    await releases.openList('?sort=title&dir=asc');
    await releases.waitForCount('10,000 of 10,000 releases');
    const first = await releases.titles();
    assert.ok(first.length > 0 && first.length <= 60, `${first.length} rows in the page`);

    await releases.scrollListTo(1e9);
    const last = await releases.rows().last().getAttribute('aria-rowindex');
    assert.equal(last, '10001', 'the last row is in the page at the bottom');
    const later = await releases.titles();
    assert.ok(later.length <= 60, `${later.length} rows in the page`);
    assert.ok(!later.includes(first[0]), 'the first rows left the page');
    assert.deepEqual(later, [...later].sort());
    assert.ok(later[0] > first[first.length - 1], 'later rows come later in the order');

    // Every word must appear in the name, number, RFCs or id.
    await releases.search('draft 7499');
    await releases.waitForCount(/^\d{1,3} of 10,000 releases$/);
    const drafts = await releases.titles();
    assert.ok(drafts.some((t) => /^Draft 7499 v/.test(t)), drafts.join(', '));
    assert.ok(drafts.every((t) => /^Draft /.test(t)), drafts.join(', '));
    assert.deepEqual(browser.problems, []);
  });
});
