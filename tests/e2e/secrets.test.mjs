// End-to-end tests of a remembered sync password: ticking "remember" keeps it across a
// reload, encrypted in IndexedDB and nowhere in localStorage; unticking forgets it; and a
// clear one an older version left in localStorage is moved into the encrypted store and
// deleted on the next start.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { SyncPage } from './sync.page.mjs';

const PASSWORD = 'early-life-support-7';
/** Where versions before issue 13 kept the secret in clear (prefs.rs SYNC_SECRET_KEY). */
const LEGACY_KEY = 'release-desk.sync-secret';

/** Everything in localStorage, keys and values, as one text. */
function localStorageText(page) {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .map((key) => `${key}=${localStorage.getItem(key)}`)
      .join('\n'),
  );
}

/** The records of the secrets' database, with their bytes as text (latin1), by id. */
function storedSecrets(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('release-desk-secrets');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('secrets')) return resolve({});
          const all = db.transaction('secrets').objectStore('secrets').getAll();
          all.onsuccess = () => {
            const records = {};
            for (const record of all.result) {
              records[record.id] = record.data ? String.fromCharCode(...record.data) : 'a key';
            }
            db.close();
            resolve(records);
          };
        };
      }),
  );
}

describe('a remembered sync password', () => {
  let server;
  let browser;
  let desk;

  before(async () => {
    server = await startServer('/');
    browser = await startBrowser();
    desk = new SyncPage(browser.page, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The panel's password field, once the remembered one (if any) has been read into it. */
  async function passwordAfterStart(expected) {
    await desk.openPanel();
    const field = desk.panel().getByLabel('Password', { exact: true });
    if (expected) {
      await browser.page.waitForFunction(
        ([element, value]) => element.value === value,
        [await field.elementHandle(), expected],
        { timeout: 5_000 },
      );
    }
    return field.inputValue();
  }

  async function save(settings) {
    await desk.configure(settings);
    await desk.panel().getByText('Sync settings saved.').waitFor();
  }

  test('is kept across a reload, encrypted, and nowhere in localStorage', async () => {
    const address = `${server.url}books/ops/`;
    await save({ address, auth: { user: 'olga', password: PASSWORD }, remember: true });
    assert.doesNotMatch(await localStorageText(browser.page), new RegExp(PASSWORD));
    const records = await storedSecrets(browser.page);
    assert.ok(records.sync, `no encrypted record: ${JSON.stringify(Object.keys(records))}`);
    assert.ok(!records.sync.includes(PASSWORD), 'the stored record is the clear text');

    await desk.reload();
    assert.equal(await passwordAfterStart(PASSWORD), PASSWORD);
    assert.deepEqual(browser.problems, []);
  });

  test('is forgotten when "remember" is unticked', async () => {
    const address = `${server.url}books/ops/`;
    await save({ address, auth: { user: 'olga', password: PASSWORD }, remember: false });
    assert.equal((await storedSecrets(browser.page)).sync, undefined);
    await desk.reload();
    assert.equal(await passwordAfterStart(null), '');
    assert.deepEqual(browser.problems, []);
  });

  test('left in clear by an older version is moved into the encrypted store', async () => {
    await browser.page.evaluate(
      ([key, value]) => localStorage.setItem(key, JSON.stringify(value)),
      [LEGACY_KEY, 'legacy-password'],
    );
    await desk.reload();
    assert.equal(await passwordAfterStart('legacy-password'), 'legacy-password');
    assert.doesNotMatch(await localStorageText(browser.page), /legacy-password/);
    const records = await storedSecrets(browser.page);
    assert.ok(records.sync && !records.sync.includes('legacy-password'));
    assert.deepEqual(browser.problems, []);
  });
});
