// End-to-end: a hostile host, or hostile files on an ordinary one. Laptop A publishes the
// demo book to Apache; laptop B shares it through a proxy in front. Then, one at a time: a
// manifest larger than the 1 MB cap (with its length announced, and without, streamed and
// stopped at the cap), a manifest listing more than 1,000 devices, a device
// whose segment reuses an id with other contents (an id clash), and redirects to another
// origin, of a read and of a write; last, a host that stops answering. Each shows its message; the files on the host stay as
// they were (B writes nothing over them, and the other origin's server records no PUT);
// the clashing device alone is set aside, named, while A's and B's changes still meet; and
// the app starts again after a reload, with B's book as it was.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CORS, startDav } from './dav.mjs';
import { startFaultProxy } from './fault_proxy.mjs';
import { startBrowser, startServer } from './harness.mjs';
import { SyncPage } from './sync.page.mjs';

const ROBOTICS = 'Warehouse robotics integration';
const STOREFRONT = 'Storefront faster search';

/**
 * Another site: records every request, answers preflights and GETs, and lets any origin
 * read it (after a redirect across origins the browser sends `Origin: null`).
 */
async function startElsewhere() {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method, path: req.url });
    req.resume();
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': CORS.methods,
      'Access-Control-Allow-Headers': CORS.headers,
      'Access-Control-Expose-Headers': CORS.expose,
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: '"elsewhere"' });
    res.end('{"format":"release-desk/manifest","version":1,"devices":["elsewhere"]}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    requests,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Every file of the book folder with its contents. */
async function snapshot(root) {
  const files = {};
  for (const name of (await readdir(root)).sort()) files[name] = await readFile(join(root, name), 'utf8');
  return files;
}

/** The name a segment's bytes give it: the first 16 bytes of their SHA-256, in hex. */
const segmentHash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 32);

describe('a hostile host and hostile files', () => {
  let server;
  let dav;
  let proxy;
  let elsewhere;
  let laptopA;
  let laptopB;
  let a;
  let b;
  let manifest; // the manifest as A and B left it

  before(async () => {
    server = await startServer();
    const origin = new URL(server.url).origin;
    dav = await startDav('apache', { origin });
    proxy = await startFaultProxy(dav.url, { origin });
    elsewhere = await startElsewhere();
    laptopA = await startBrowser();
    laptopB = await startBrowser();
    a = new SyncPage(laptopA.page, server.url);
    b = new SyncPage(laptopB.page, server.url);
    for (const desk of [a, b]) {
      await desk.loadDemoBook();
      await desk.actAs('olga');
    }
    await a.configure({ address: dav.url });
    await a.syncOk();
    await b.configure({ address: proxy.url });
    await b.syncOk();
    manifest = await readFile(join(dav.root, 'manifest.json'), 'utf8');
  });
  after(async () => {
    await laptopA?.close();
    await laptopB?.close();
    await elsewhere?.stop();
    await proxy?.stop();
    await dav?.stop();
    await server?.stop();
  });

  /**
   * B syncs with the host as `prepare` left it: the alert matches `message`, the files on
   * the host are as they were, B's book and what waits to go up are unchanged, and after a
   * reload the app starts with the same book.
   */
  async function refused(message) {
    const stored = await snapshot(dav.root);
    const ids = await b.eventIds();
    await b.openPanel();
    const waiting = await b.waiting();
    const { alert } = await b.syncNow();
    assert.match(alert, message);
    assert.deepEqual(await snapshot(dav.root), stored, 'the files on the host are as they were');
    assert.deepEqual(await b.eventIds(), ids, "B's book is unchanged");
    await b.openPanel();
    assert.equal(await b.waiting(), waiting, 'the same changes wait to go up');
    await b.reload();
    assert.deepEqual(await b.eventIds(), ids, 'the app starts again with the same book');
    assert.deepEqual(laptopB.problems.filter((p) => p.startsWith('page error')), [], 'no panic');
  }

  test('a manifest larger than 1 MB is not read', async () => {
    const padded = manifest.replace('{', `{"padding":"${'x'.repeat(1 << 20)}",`);
    await writeFile(join(dav.root, 'manifest.json'), padded);
    await refused(
      /^The shared file manifest\.json is larger than 1 MB, the most this app reads for it\. It was not read and nothing changed here/,
    );
    await writeFile(join(dav.root, 'manifest.json'), manifest);
  });

  test('a manifest larger than 1 MB sent without a length is stopped at the cap', async () => {
    const padded = manifest.replace('{', `{"padding":"${'x'.repeat(4 << 20)}",`);
    await writeFile(join(dav.root, 'manifest.json'), padded);
    await proxy.set({ fault: 'chunked', path: /manifest\.json$/ });
    await refused(
      /^The shared file manifest\.json is larger than 1 MB, the most this app reads for it\. It was not read and nothing changed here/,
    );
    await proxy.set(null);
    await writeFile(join(dav.root, 'manifest.json'), manifest);
  });

  test('a manifest listing more than 1,000 devices is refused', async () => {
    const listed = JSON.parse(manifest);
    listed.devices = Array.from({ length: 1001 }, (_, i) => `flood-${String(i).padStart(4, '0')}`);
    await writeFile(join(dav.root, 'manifest.json'), JSON.stringify(listed));
    await refused(
      /^The shared file manifest\.json lists more than 1000 devices, the most this app takes\. It was refused and nothing changed here/,
    );
    await writeFile(join(dav.root, 'manifest.json'), manifest);
  });

  test('an id reused with other contents in one device’s segment: that device is set aside, named; A and B still meet', async () => {
    // A device "clash" lists a copy of A's segment with one event changed under its own id.
    const files = await readdir(dav.root);
    const original = files.find((name) => name.startsWith('segment.'));
    const segment = JSON.parse(await readFile(join(dav.root, original), 'utf8'));
    const at = segment.events.findIndex((event) => JSON.stringify(event).includes('Warehouse'));
    assert.ok(at >= 0, 'a segment event names the warehouse');
    segment.events[at] = JSON.parse(JSON.stringify(segment.events[at]).replace('Warehouse', 'Warehouze'));
    segment.device = 'clash';
    const text = JSON.stringify(segment);
    const hash = segmentHash(text);
    await writeFile(join(dav.root, `segment.clash.${hash}.json`), text);
    await writeFile(
      join(dav.root, 'index.clash.json'),
      JSON.stringify({ format: 'release-desk/index', version: 1, device: 'clash', segments: [hash] }),
    );
    const listed = JSON.parse(manifest);
    listed.devices = [...listed.devices, 'clash'].sort();
    await writeFile(join(dav.root, 'manifest.json'), JSON.stringify(listed));
    const clashFiles = { segment: text, index: await readFile(join(dav.root, 'index.clash.json'), 'utf8') };

    await a.raiseRisk(ROBOTICS, 'Conveyor firmware drifts');
    await a.openPanel();
    const fromA = await a.syncOk();
    assert.match(fromA, /Device clash's changes on the host do not fit this book \(.+\); they were set aside\. Everyone else's changes synced\./);
    await b.raiseRisk(STOREFRONT, 'Search index rebuild too slow');
    await b.openPanel();
    const { status, alert } = await b.syncNow();
    assert.equal(alert, '');
    assert.match(
      status,
      /^Synced: 1 change down, 1 up; 0 new conflicts\. Device clash's changes on the host do not fit this book \(.+\); they were set aside\. Everyone else's changes synced\.$/m,
    );
    await a.openPanel();
    await a.syncOk();
    assert.ok((await a.risks(STOREFRONT)).includes('Risk: Search index rebuild too slow'), "B's risk reached A");
    assert.ok((await b.risks(ROBOTICS)).includes('Risk: Conveyor firmware drifts'), "A's risk reached B");
    assert.deepEqual(await a.eventIds(), await b.eventIds(), 'A and B hold the same events');
    assert.equal(await readFile(join(dav.root, `segment.clash.${hash}.json`), 'utf8'), clashFiles.segment);
    assert.equal(await readFile(join(dav.root, 'index.clash.json'), 'utf8'), clashFiles.index);
    const ids = await b.eventIds();
    await b.reload();
    assert.deepEqual(await b.eventIds(), ids, 'the app starts again with the same book');
    manifest = await readFile(join(dav.root, 'manifest.json'), 'utf8');
  });

  test('a read redirected to another origin is not used', async () => {
    await proxy.set({ redirectTo: elsewhere.url, method: 'GET', path: /manifest\.json$/ });
    await refused(/^The sync host redirected to another site \(http:\/\/127\.0\.0\.1:\d+\); nothing was sent there\./);
    await proxy.set(null);
    assert.deepEqual(elsewhere.requests.filter((r) => r.method === 'PUT'), [], 'nothing was written elsewhere');
  });

  test('a write redirected to another origin is not followed: nothing is sent there', async () => {
    await b.raiseRisk(STOREFRONT, 'Facet counts wrong after reindex');
    await proxy.set({ redirectTo: elsewhere.url, method: 'PUT' });
    await refused(/^The sync host redirected to another site \(an address it did not show\); nothing was sent there\./);
    await proxy.set(null);
    assert.deepEqual(elsewhere.requests.filter((r) => r.method !== 'GET' && r.method !== 'OPTIONS'), [], 'no PUT reached the other site');
    assert.deepEqual(elsewhere.requests.filter((r) => r.method === 'PUT'), []);
    await b.openPanel();
    await b.syncOk();
    assert.equal(await b.waiting(), 0, 'once the host stops redirecting, the change goes up');
  });

  test('a host that stops answering: after time-outs in a row, reload and check the host; the next answer recovers', async () => {
    await b.configure({ address: proxy.url, timeout: 1 });
    await proxy.set({ delayMs: 3_000 });
    const first = await b.syncNow();
    assert.match(first.alert, /^The sync host did not answer in time\./);
    const second = await b.syncNow();
    assert.match(
      second.alert,
      /^The sync host stopped answering \(2 requests in a row timed out\)\. Nothing was lost\. Reload the page, then sync again; if it persists, check the host/,
    );
    await proxy.set(null);
    assert.match(await b.syncOk(), /^Synced: /, 'the host answers again: the next sync goes through');
    await b.configure({ address: proxy.url, timeout: 20 });
  });
});
