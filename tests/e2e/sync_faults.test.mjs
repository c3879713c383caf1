// End-to-end: what a person sees when the file host or the network fails during a sync.
// Laptop B syncs through the fault proxy in front of Apache; laptop A syncs directly and
// has one change B has not pulled yet, and B has one of its own waiting to go up. Each fault
// — connection refused, 500, 503 with Retry-After, an answer slower than the 1-second
// time-out — shows its message in the panel's alert and leaves B's book exactly as it was;
// once the fault is cleared the host answers again. A segment cut short sets its device
// aside, named, while B's own change still goes up. Then a busy
// host that answers the retry, a sync that succeeds, and a storm of 412s on the files that
// change, which fails without losing anything and heals at the next sync. Last, hosts that
// turn the app away: one that allows another origin (the message names the CORS headers it
// must send), and one that asks for a sign-in: a wrong password gets its message, the right
// one syncs, and neither ends up in an exported file or the address.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDav } from './dav.mjs';
import { startFaultProxy } from './fault_proxy.mjs';
import { startBrowser, startServer } from './harness.mjs';
import { SyncPage } from './sync.page.mjs';

const ROBOTICS = 'Warehouse robotics integration';
const STOREFRONT = 'Storefront faster search';

const quote = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('sync through a failing host', () => {
  let server;
  let dav;
  let proxy;
  let laptopA;
  let laptopB;
  let a;
  let b;
  let hostA; // the problems A's first sync into an empty folder causes on purpose
  let allowed; // problems of B the current test provokes on purpose

  /**
   * Requests to the proxy that failed or answered `statuses`, and Chromium's console line for
   * each; and the 404 of B's own index, which is not on the host until B first pushes.
   */
  const throughProxy = (statuses, failures = []) => {
    const at = quote(new URL(proxy.url).origin);
    return [
      // B's own index, until B first pushes.
      new RegExp(`^HTTP 404: ${at}/book/index\\.[\\w-]+\\.json$`),
      /^console error: Failed to load resource: the server responded with a status of 404 /,
      new RegExp(`^HTTP (${statuses.join('|')}): ${at}/`),
      ...(failures.length ? [new RegExp(`^request failed: ${at}/\\S* net::(${failures.join('|')})$`)] : []),
      new RegExp(`^console error: Failed to load resource: (the server responded with a status of (${statuses.join('|')})|net::(${failures.join('|') || 'none'}))`),
    ];
  };

  before(async () => {
    server = await startServer();
    const origin = new URL(server.url).origin;
    dav = await startDav('apache', { origin });
    proxy = await startFaultProxy(dav.url, { origin });
    laptopA = await startBrowser();
    laptopB = await startBrowser();
    a = new SyncPage(laptopA.page, server.url);
    b = new SyncPage(laptopB.page, server.url);
    for (const desk of [a, b]) {
      await desk.loadDemoBook();
      await desk.actAs('olga');
    }
    // A publishes the book; B joins through the proxy with a 1-second time-out.
    await a.configure({ address: dav.url });
    await a.syncOk();
    await b.configure({ address: proxy.url, timeout: 1 });
    allowed = throughProxy([]);
    await b.syncOk();
    // A has a change B has not seen; B has one of its own waiting.
    await a.raiseRisk(ROBOTICS, 'Firmware rollback untested');
    await a.openPanel();
    await a.syncOk();
    await b.raiseRisk(STOREFRONT, 'Cache warm-up too slow');
    await b.openPanel();
    hostA = new RegExp(`^(HTTP 404: ${quote(dav.url)}(manifest|index\\.[\\w-]+)\\.json|console error: Failed to load resource: the server responded with a status of 404 .*)$`);
  });
  after(async () => {
    await laptopA?.close();
    await laptopB?.close();
    await proxy?.stop();
    await dav?.stop();
    await server?.stop();
  });

  /** B's problems so far, less those the tests provoked; emptied as it goes. */
  function unexpectedOnB() {
    const rest = laptopB.problems.filter((p) => !allowed.some((pattern) => pattern.test(p)));
    laptopB.problems.length = 0;
    return rest;
  }

  /**
   * With `fault` in force, B syncs: the alert says `message`, the header says the sync
   * failed, the book and what waits to go up are unchanged; cleared, the host answers again.
   */
  async function failsWith(fault, message, provoked) {
    assert.deepEqual(unexpectedOnB(), [], 'nothing failed before the fault');
    const book = await b.events();
    const waiting = await b.waiting();
    await proxy.set(fault);
    allowed = provoked;
    const { alert } = await b.syncNow();
    assert.match(alert, message);
    assert.match(await b.headerLink().innerText(), /^Sync: failed/);
    assert.deepEqual(await b.events(), book, 'the book on this laptop is unchanged');
    assert.equal(await b.waiting(), waiting, 'the same changes still wait to go up');
    await proxy.set(null);
    const { status } = await b.testConnection();
    assert.match(status, /^Connected: a book shared by 2 devices\.$/m);
    assert.deepEqual(unexpectedOnB(), [], 'no failure but the provoked ones');
  }

  test('connection refused: the host could not be reached', async () => {
    await failsWith(
      'refuse',
      /^The sync host could not be reached \(.+\)\. Check the address and your connection/,
      throughProxy([], ['ERR_CONNECTION_REFUSED', 'ERR_FAILED']),
    );
  });

  test('a 500: the host failed, nothing was lost', async () => {
    await failsWith({ status: 500 }, /^The sync host failed \(500\)\. Nothing was lost/, throughProxy([500]));
  });

  test('a 503 that lasts, with Retry-After: the host is busy', async () => {
    await failsWith(
      { status: 503, retryAfter: 1 },
      /^The sync host is busy and asked to be tried again in 1 s\. Nothing was lost/,
      throughProxy([503]),
    );
  });

  test('an answer slower than the 1-second time-out: the host did not answer in time', async () => {
    await failsWith(
      { delayMs: 3_000 },
      /^The sync host did not answer in time\. Nothing was lost/,
      throughProxy([], ['ERR_ABORTED', 'ERR_FAILED']),
    );
  });

  test("a segment cut short on the way: A's changes are set aside with A named, B's own still go up", async () => {
    assert.deepEqual(unexpectedOnB(), [], 'nothing failed before the fault');
    const ids = (await b.events()).map((event) => event.id);
    await proxy.set({ fault: 'truncate', path: /\/segment\./ });
    allowed = throughProxy([]);
    const { status, alert } = await b.syncNow();
    assert.equal(alert, '');
    assert.match(
      status,
      /^Synced: 0 changes down, 1 up; 0 new conflicts\. Device [\w-]+'s changes on the host do not fit this book \(segment\.\S+\.json: its contents do not match its name: it was cut short or changed\); they were set aside\. Everyone else's changes synced\.$/m,
    );
    assert.deepEqual((await b.events()).map((event) => event.id), ids, "nothing of A's came in");
    assert.equal(await b.waiting(), 0, "B's own change went up");
    await proxy.set(null);
    assert.deepEqual(unexpectedOnB(), []);
  });

  test('a busy host that answers the retry: the sync goes through, both ways', async () => {
    proxy.requests.length = 0;
    await proxy.set({ status: 503, retryAfter: 1, times: 1 });
    allowed = throughProxy([503]);
    const status = await b.syncOk();
    assert.match(status, /^Synced: 1 change down, 0 up; 0 new conflicts\.$/, "A's change, set aside before, comes now");
    const [first, second] = proxy.requests.filter((r) => r.method !== 'OPTIONS');
    assert.equal(first.status, 503);
    assert.equal(second.path, first.path, 'the same request, retried after the second it asked for');
    assert.ok(second.status < 400, 'the retry got through');
    assert.equal(await b.waiting(), 0);
    assert.match(await b.headerLink().innerText(), /^Sync: up to date/);
    assert.ok((await b.risks(ROBOTICS)).includes('Risk: Firmware rollback untested'), "A's risk came down");
    await a.openPanel();
    await a.syncOk();
    assert.ok((await a.risks(STOREFRONT)).includes('Risk: Cache warm-up too slow'), "B's risk reached A");
    assert.deepEqual(unexpectedOnB(), []);
  });

  test('a storm of 412s on the files that change: others kept changing it, nothing lost, healed next time', async () => {
    await b.raiseRisk(ROBOTICS, 'Dock scanners need a reboot');
    await b.openPanel();
    // A 412 on a new segment only means "already there" (its name is its content), so the
    // storm hits the device index and the manifest, the files that change.
    await failsWith(
      { fault: 'storm412', path: /\/(index\.[\w-]+|manifest)\.json$/ },
      // Only this device writes its index: a 412 there, even on a write without a condition,
      // is never "others kept changing" it.
      /^(Others kept changing manifest\.json on the sync host \(\d+ attempts\)\. Nothing was lost|The sync host answered with an unexpected status 412\.)/,
      throughProxy([412]),
    );
    // The segment the failed push left is found again: Apache may refuse to write it twice.
    allowed = throughProxy([412]);
    assert.match(await b.syncOk(), /^Synced: 0 changes down, 1 up; 0 new conflicts\.$/);
    assert.equal(await b.waiting(), 0);
    await a.openPanel();
    await a.syncOk();
    assert.ok((await a.risks(ROBOTICS)).includes('Risk: Dock scanners need a reboot'), 'it reached A');
    assert.deepEqual(await a.eventIds(), await b.eventIds(), 'both laptops hold the same events');
    assert.deepEqual(unexpectedOnB(), []);
    assert.deepEqual(laptopA.problems.filter((p) => !hostA.test(p)), [], 'A saw no failure');
  });
});

describe('hosts that turn the app away', () => {
  const AUTH = { user: 'olga', password: 'early-life-support' };
  let server;
  let dav;
  let elsewhere;
  let laptop;
  let desk;

  before(async () => {
    server = await startServer();
    dav = await startDav('nginx', { origin: new URL(server.url).origin, auth: AUTH });
    elsewhere = await startDav('apache', { origin: 'https://desk.example.org' });
    laptop = await startBrowser();
    desk = new SyncPage(laptop.page, server.url);
    await desk.loadDemoBook();
  });
  after(async () => {
    await laptop?.close();
    await dav?.stop();
    await elsewhere?.stop();
    await server?.stop();
  });

  test('a host that allows another origin: the message names the CORS headers it must send', async () => {
    await desk.configure({ address: elsewhere.url });
    const { alert } = await desk.syncNow();
    const origin = new URL(server.url).origin;
    assert.match(
      alert,
      new RegExp(`^The sync host answers, but does not let this app \\(${quote(origin)}\\) read or write \\(CORS\\)\\. .*Access-Control-Allow-Origin: ${quote(origin)};`),
    );
    assert.equal(await desk.lastSynced(), 'Never synced');
    const at = quote(new URL(elsewhere.url).origin);
    const provoked = [
      new RegExp(`^request failed: ${at}/book/manifest\\.json net::ERR_FAILED$`),
      new RegExp(`^console error: Access to fetch at '${at}/book/manifest\\.json' from origin '${quote(origin)}' has been blocked by CORS policy`),
      /^console error: Failed to load resource: net::ERR_FAILED$/,
      // The app's plain no-cors request, to learn that the host answers: its 404 is opaque.
      new RegExp(`^HTTP 404: ${at}/book/manifest\\.json$`),
      new RegExp(`^request failed: ${at}/book/manifest\\.json net::ERR_ABORTED$`),
      /^console error: Failed to load resource: the server responded with a status of 404 /,
    ];
    const seen = laptop.problems.splice(0);
    assert.deepEqual(seen.filter((p) => !provoked.some((pattern) => pattern.test(p))), []);
  });

  test('a wrong password is refused with its message; the right one publishes; neither is exported', async () => {
    await desk.configure({ address: dav.url, auth: { user: AUTH.user, password: 'wrong' } });
    const { alert } = await desk.syncNow();
    assert.match(alert, /^The sync host refused the credentials \(401\)\. Check the user name, password or token/);
    assert.equal(await desk.lastSynced(), 'Never synced');

    await desk.configure({ address: dav.url, auth: AUTH });
    assert.match(await desk.syncOk(), /^Synced: 0 changes down, \d+ up; 0 new conflicts\.$/);
    assert.equal(await desk.waiting(), 0);
    const { text } = await desk.exportBook();
    for (const secret of [AUTH.password, 'wrong', Buffer.from(`${AUTH.user}:${AUTH.password}`).toString('base64')]) {
      assert.ok(!text.includes(secret), 'the exported book holds no credentials');
    }
    assert.ok(!laptop.page.url().includes(AUTH.password), 'nor does the address');
    const at = quote(new URL(dav.url).origin);
    const provoked = [
      new RegExp(`^HTTP 401: ${at}/book/manifest\\.json$`),
      new RegExp(`^HTTP 404: ${at}/book/(manifest|index\\.[\\w-]+)\\.json$`),
      /^console error: Failed to load resource: the server responded with a status of (401|404) /,
    ];
    assert.deepEqual(laptop.problems.filter((p) => !provoked.some((pattern) => pattern.test(p))), []);
  });
});

describe('sync settings typed wrong', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('each wrong field says what is wrong under it, and the saved settings are kept', async () => {
    const desk = new SyncPage(browser.page, server.url);
    const good = 'https://files.example.org/books/payments/';
    await desk.configure({ address: good, timeout: 30 });
    const panel = desk.panel();
    const address = panel.getByLabel('Sync address', { exact: true });
    const timeout = panel.getByLabel('Time-out in seconds');
    for (const [typed, message] of [
      ['https://olga:secret@files.example.org/books/', 'it must not hold a user name or password (give them as the sign-in instead)'],
      ['ftp://files.example.org/books/', 'it must start with http:// or https://'],
      ['https://files.example.org/books/?token=1', 'it must not have a query (?…) or a fragment (#…)'],
    ]) {
      await address.fill(typed);
      await timeout.fill('0');
      await desk.pressIn(panel, 'Save sync settings');
      await panel.getByText(`The sync address cannot be used: ${message}.`).waitFor();
      await panel.getByText('Enter a whole number of seconds from 1 to 120 (20 is usual).').waitFor();
      assert.equal(await address.getAttribute('aria-invalid'), 'true');
    }
    // Nothing wrong was saved, and no address with a password went anywhere.
    await browser.page.reload();
    await desk.openPanel();
    assert.equal(await address.inputValue(), good);
    assert.equal(await timeout.inputValue(), '30');
    const stored = await browser.page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes('secret'), stored);
    assert.deepEqual(browser.problems, []);
  });
});
