// End-to-end tests of export and import: every bad file is refused with a message that says
// what is wrong and leaves the book as it was; a good export moves a book to a fresh
// browser, importing it again adds nothing, and a later export merges only what is new.
import assert from 'node:assert/strict';
import { open, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { BookPage } from './book.page.mjs';
import { count } from './words.mjs';

const WHOLE =
  /^(\d+) events stored; (the snapshot matches the log|no snapshot yet \(start-up folds the log\)); the audit chain verifies\.$/;

const json = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

/** What a person sees of the book: its events, its people, and the stored book's check. */
async function bookState(book) {
  return {
    events: await book.eventsInBook(),
    people: await book.peopleNames(),
    check: await book.checkStoredBook(),
  };
}

describe('a bad import file', () => {
  let server;
  let browser;
  let book;
  let exported;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    book = new BookPage(browser.page, server.url);
    await book.loadDemoBook();
    await book.open('settings');
    await book.addPerson('Ingrid Import');
    exported = (await book.exportBook()).text;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Imports `file`, checks the message against `expected` and that nothing changed. */
  async function refused(file, expected) {
    const before = await bookState(book);
    assert.match(before.check, WHOLE);
    const message = await book.importFile(file);
    if (expected instanceof RegExp) assert.match(message, expected);
    else assert.equal(message, expected);
    assert.deepEqual(await bookState(book), before, 'the book changed');
    assert.deepEqual(browser.problems, []);
  }

  test('a truncated export is refused', async () => {
    await refused(
      json('cut-short.json', exported.slice(0, Math.floor(exported.length / 2))),
      /^This file is not a readable JSON document \(EOF while parsing .+\)\. It may be cut short or not a Release Desk export\. Nothing was imported\.$/,
    );
  });

  test('a book of a newer format version is refused', async () => {
    // One more than the version this app writes (read from its own export).
    const [, current] = /^\{"format":"release-desk\/book","version":(\d+),/.exec(exported) ?? [];
    assert.ok(current, 'the export names its version first');
    const next = Number(current) + 1;
    const newer = exported.replace(`"version":${current},`, `"version":${next},`);
    await refused(
      json('newer.json', newer),
      `This book was written by a newer Release Desk (format version ${next}); this app reads version ${current}. ` +
        'Update the app, then open it again. Nothing was imported.',
    );
  });

  test('a file that is not JSON is refused', async () => {
    await refused(
      { name: 'notes.json', mimeType: 'text/plain', buffer: Buffer.from('Releases for May:\n- R-12 checkout\n') },
      /^This file is not a readable JSON document \(expected value at line 1 column 1\)\. It may be cut short or not a Release Desk export\. Nothing was imported\.$/,
    );
  });

  test('JSON that is not a book is refused', async () => {
    await refused(
      json('hello.json', '{"hello":1}'),
      'This JSON file is not a Release Desk book (it has no "format": "release-desk/book"). Nothing was imported.',
    );
  });

  test('200 MB of garbage is refused, stating the size limit', async () => {
    const path = join(tmpdir(), `release-desk-garbage-${process.pid}-${Date.now()}.json`);
    const size = 200 * 1024 * 1024;
    try {
      // Random bytes at the start and the end, a sparse hole between: quick to make.
      const file = await open(path, 'w');
      await file.write(randomBytes(1024 * 1024), 0, 1024 * 1024, 0);
      await file.write(randomBytes(1024 * 1024), 0, 1024 * 1024, size - 1024 * 1024);
      await file.close();
      // The limit is 50 MB (50,000,000 bytes), stated in the same units as the file's size.
      await refused(
        path,
        new RegExp(
          `^This file is ${(size / 1e6).toFixed(1)} MB and the largest book Release Desk imports is ` +
            `50\\.0 MB\\. Nothing was imported\\.$`,
        ),
      );
    } finally {
      await rm(path, { force: true });
    }
  });

  test('an export whose hash chain was tampered with is refused', async () => {
    // A person's name changed inside an event of the log, everything else as exported.
    const tampered = exported.replace('"name":"Carl Chen"', '"name":"Carl Crook"');
    assert.notEqual(tampered, exported, 'the export names Carl Chen');
    await refused(
      json('tampered.json', tampered),
      /^This book's audit chain is broken at .+\. It was altered after export, so it was not loaded\. Nothing was imported\.$/,
    );
    assert.ok((await book.peopleNames()).includes('Carl Chen'));
  });
});

describe('a good export moved to another browser', () => {
  let server;
  let source;
  let target;
  let from;
  let to;

  before(async () => {
    server = await startServer();
    source = await startBrowser();
    target = await startBrowser();
    from = new BookPage(source.page, server.url);
    to = new BookPage(target.page, server.url);
  });

  after(async () => {
    await source?.close();
    await target?.close();
    await server?.stop();
  });

  test('is imported in full, then again as nothing new, then merges only what is new', async () => {
    await from.loadDemoBook();
    const releases = (await from.page.locator('.dashboard__counts dd').allInnerTexts())
      .map(Number)
      .reduce((a, b) => a + b, 0);
    assert.ok(releases >= 12, `the demo book has ${releases} releases`);
    await from.open('settings');
    await from.addPerson('Exported Edith');
    const events = await from.eventsInBook();
    const first = await from.exportBook();
    assert.match(first.filename, /^release-book-\d{4}-\d{2}-\d{2}\.json$/);

    // A fresh browser with an empty book.
    await to.open();
    await to.page.getByRole('link', { name: 'Start with an empty book' }).click();
    await to.page.getByRole('heading', { name: 'Settings' }).waitFor();
    assert.equal(await to.eventsInBook(), 0);
    assert.equal(
      await to.importFile(json(first.filename, first.text)),
      `Imported ${count(events, 'new event')}, ${count(releases, 'new release')}; 0 conflicts to resolve.`,
    );
    assert.equal(await to.eventsInBook(), events);
    assert.deepEqual(await to.peopleNames(), await from.peopleNames());
    assert.equal(WHOLE.exec(await to.checkStoredBook())?.[1], String(events));

    // The same file again.
    assert.equal(
      await to.importFile(json(first.filename, first.text)),
      'Imported: nothing new, the book already had every event.',
    );
    assert.equal(await to.eventsInBook(), events);

    // The book is signed: the target acts only once the source's keeper has enrolled it.
    // It asks to join; the keeper enrols it (as a keeper too) and adds a person.
    const join = await to.joinRequest('Tina Target');
    await from.enrol(join, 'keeper');
    await from.addPerson('Later Lars');
    const enrolled = (await from.eventsInBook()) - events;
    assert.equal(
      await to.importFile(json('second.json', (await from.exportBook()).text)),
      `Imported ${count(enrolled, 'new event')}, 0 new releases; 0 conflicts to resolve.`,
    );
    assert.equal(await to.personInHeader(), 'Tina Target');

    // Both books move on: the source adds a person, the target one of its own.
    await from.addPerson('Later Lena');
    const added = (await from.eventsInBook()) - events - enrolled;
    assert.ok(added >= 1, `${added} new events in the source`);
    const third = await from.exportBook();
    await to.addPerson('Only Olga', 'approver');
    const ownEvents = (await to.eventsInBook()) - events - enrolled;
    assert.ok(ownEvents >= 1);

    assert.equal(
      await to.importFile(json('third.json', third.text)),
      `Imported ${count(added, 'new event')}, 0 new releases; 0 conflicts to resolve.`,
    );
    const total = events + enrolled + added + ownEvents;
    assert.equal(await to.eventsInBook(), total);
    const people = await to.peopleNames();
    for (const name of ['Exported Edith', 'Tina Target', 'Later Lars', 'Later Lena', 'Only Olga']) {
      assert.ok(people.includes(name), `${name} is in the merged book`);
    }
    assert.equal(WHOLE.exec(await to.checkStoredBook())?.[1], String(total));
    // And the merged book survives a reload.
    await to.reload();
    assert.equal(await to.eventsInBook(), total);
    assert.deepEqual(await to.peopleNames(), people);

    assert.deepEqual(source.problems, []);
    assert.deepEqual(target.problems, []);
  });
});

describe('one release exported on its own', () => {
  let server;
  let source;
  let target;

  before(async () => {
    server = await startServer();
    source = await startBrowser();
    target = await startBrowser();
  });

  after(async () => {
    await source?.close();
    await target?.close();
    await server?.stop();
  });

  test('verifies and imports into an empty book with that release in it', async () => {
    const from = new BookPage(source.page, server.url);
    const to = new BookPage(target.page, server.url);
    await from.loadDemoBook();
    // Nobody chose who they are: the demo book's release manager acts until someone does.
    assert.equal(await from.personInHeader(), 'Rita Ramos');
    await from.open('settings');
    const title = 'Payments faster refunds v3.3';
    await from.page.getByLabel('Release to export on its own').fill('Payments v9');
    await from.press('Export this release');
    await from.page.getByRole('status').filter({ hasText: 'No release is titled "Payments v9".' }).waitFor();
    const file = await from.exportRelease(title);
    assert.equal(file.filename, 'release-payments-faster-refunds-v3-3.json');
    const document = JSON.parse(file.text);
    assert.equal(document.name, title);
    assert.ok(document.events.length < (await from.eventsInBook()), 'only the book up to the release');

    await to.open();
    await to.page.getByRole('link', { name: 'Start with an empty book' }).click();
    await to.page.getByRole('heading', { name: 'Settings' }).waitFor();
    assert.match(
      await to.importFile(json(file.filename, file.text)),
      new RegExp(`^Imported ${document.events.length} new events, \\d+ new releases?; 0 conflicts to resolve\\.$`),
    );
    assert.equal(WHOLE.exec(await to.checkStoredBook())?.[1], String(document.events.length));
    await to.open('releases');
    await to.page.getByRole('link', { name: title }).waitFor();
    assert.deepEqual(source.problems, []);
    assert.deepEqual(target.problems, []);
  });
});
