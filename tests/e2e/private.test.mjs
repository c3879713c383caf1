// End-to-end: a private book. Laptop A shares the demo book through Apache (another
// origin): private is the default, so every file it puts on the host is sealed. Laptop B
// joins with A's invitation link (the key in the fragment, taken out of the address bar
// once read), both make a change and sync. Then every file on the host, read from the DAV
// server's folder on disk, is searched for each release title, person name and RFC id:
// none is there. A stakeholder opens the published link with the key and reads the book;
// with a wrong key, or none, they get the message and no book. A published book whose
// audit chain does not verify is refused.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startDav } from './dav.mjs';
import { startBrowser, startServer } from './harness.mjs';
import { SyncPage } from './sync.page.mjs';

const run = promisify(execFile);
const ROBOTICS = 'Warehouse robotics integration';
const STOREFRONT = 'Storefront faster search';

/** Release titles, person names and RFC ids of an exported book. */
function secretsOf(exported) {
  const found = new Set();
  const walk = (value) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    if (typeof value.name === 'string' && (Array.isArray(value.roles) || Array.isArray(value.rfcs))) found.add(value.name);
    for (const rfc of Array.isArray(value.rfcs) ? value.rfcs : []) if (typeof rfc === 'string') found.add(rfc);
    Object.values(value).forEach(walk);
  };
  walk(JSON.parse(exported).events);
  return [...found].filter((s) => s.trim().length >= 4);
}

/** Every file the host holds, with its text. */
async function hostFiles(root) {
  const files = [];
  for (const name of await readdir(root)) files.push([name, await readFile(join(root, name), 'utf8')]);
  return files;
}

const hash16 = (text) => createHash('sha256').update(text).digest('hex').slice(0, 32);
const eventHash = ({ sig, ...body }) => hash16(JSON.stringify(body));

/**
 * Breaks the chain of a plain published book so that each file still reads: the newest
 * event is moved before the event it follows (its seq lowered), the segment's heads name
 * its new hash, and the segment is stored under its new name and listed so.
 */
async function breakChain(root) {
  const segments = [];
  for (const name of await readdir(root)) {
    if (name.startsWith('segment.')) segments.push([name, JSON.parse(await readFile(join(root, name), 'utf8'))]);
  }
  const newest = (s) => s.events.reduce((a, b) => (a.seq > b.seq ? a : b));
  const [name, segment] = segments.reduce((a, b) => (newest(a[1]).seq > newest(b[1]).seq ? a : b));
  const event = newest(segment);
  const before = eventHash(event);
  event.seq = 1;
  segment.events.sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  segment.heads = segment.heads.map((h) => (h === before ? eventHash(event) : h)).sort();
  const text = JSON.stringify(segment);
  const [, device, old] = /^segment\.(.+)\.([0-9a-f]+)\.json$/.exec(name);
  const renamed = `segment.${device}.${hash16(text)}.json`;
  await unlink(join(root, name));
  await writeFile(join(root, renamed), text);
  const indexPath = join(root, `index.${device}.json`);
  const index = await readFile(indexPath, 'utf8');
  await writeFile(indexPath, index.replace(old, hash16(text)));
}

describe('a private book: encrypted on the host, opened with its key', () => {
  let server;
  let dav;
  let plain;
  const browsers = {};
  const desks = {};
  let links;
  const temps = [];

  before(async () => {
    server = await startServer();
    const origin = new URL(server.url).origin;
    dav = await startDav('apache', { origin });
    plain = await startDav('nginx', { origin });
    for (const name of ['a', 'b']) {
      browsers[name] = await startBrowser();
      desks[name] = new SyncPage(browsers[name].page, server.url);
    }
  });
  after(async () => {
    for (const browser of Object.values(browsers)) await browser?.close();
    await dav?.stop();
    await plain?.stop();
    await server?.stop();
    await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  test('two laptops share it through Apache, and the host holds none of its words', async () => {
    const a = desks.a;
    await a.loadDemoBook();
    await a.actAs('olga');
    await a.configure({ address: dav.url, timeout: 20, privateBook: true });
    await a.panel().getByText(/^Private by default: the first sync encrypts/).waitFor();
    assert.match(await a.syncOk(), /^Synced: 0 changes down, \d+ up/);
    const state = a.panel().getByText(/^Private: the book's files on the host are encrypted/);
    await state.waitFor();
    links = {
      invitation: await a.panel().getByLabel('Invitation link', { exact: true }).inputValue(),
      published: await a.panel().getByLabel('Published link', { exact: true }).inputValue(),
    };
    assert.match(links.invitation, /#\/settings\?section=sync&join=.+&key=[\w-]{43}$/);
    assert.match(links.published, /\?book=.+#key=[\w-]{43}$/);

    // B opens the invitation while already on the sync settings (only the fragment
    // changes, so the page stays): the address is filled in, the key kept, and the address
    // bar no longer shows it.
    const b = desks.b;
    await b.loadDemoBook();
    await b.actAs('olga');
    await b.openPanel();
    await b.page.goto(links.invitation);
    await b.panel().getByText(/^Invitation taken/).waitFor({ timeout: 15_000 });
    assert.ok(!b.page.url().includes('key='), b.page.url());
    assert.equal(await b.panel().getByLabel('Sync address', { exact: true }).inputValue(), dav.url);
    await b.panel().getByText(/^Private: the book's files/).waitFor();
    await b.syncOk();

    await a.raiseRisk(ROBOTICS, 'Firmware secrets leak');
    await b.raiseRisk(STOREFRONT, 'Index warmers overrun');
    for (const desk of [a, b, a]) {
      await desk.openPanel();
      await desk.syncOk();
    }
    assert.deepEqual(await a.eventIds(), await b.eventIds());
    assert.ok((await b.risks(ROBOTICS)).includes('Risk: Firmware secrets leak'));

    // Nothing on the host reads: every file is sealed, and no title, name or RFC is there.
    const { text } = await a.exportBook();
    const secrets = [...secretsOf(text), 'Firmware secrets leak', 'Index warmers overrun'];
    assert.ok(secrets.length >= 10, `${secrets.length} words to look for`);
    assert.ok(secrets.some((s) => /^RFC|CHG|CR-/i.test(s)) || secrets.length > 20, secrets.join(', '));
    const files = await hostFiles(dav.root);
    assert.ok(files.length >= 6, files.map(([n]) => n).join(', '));
    for (const [name, body] of files) {
      assert.match(body, /^\{"sealed":1,"key":"[\w-]{16}","iv":"[\w-]{16}","data":"[\w-]+"\}$/, name);
      // Searched in the envelope's clear parts and in the ciphertext's bytes (not in its
      // base64 text, where a short word like "Olga" turns up by chance about once in 50 files).
      const { data } = JSON.parse(body);
      const clear = body.replace(data, '');
      const bytes = Buffer.from(data, 'base64url').toString('latin1');
      for (const word of [...secrets, 'release-desk/', 'olga', 'Olga']) {
        assert.ok(!clear.includes(word) && !bytes.includes(word), `${name} shows "${word}"`);
      }
    }
  });

  test('a stakeholder reads it with the published link; a wrong key or none is told', async () => {
    const viewer = await startBrowser();
    try {
      const page = viewer.page;
      await page.goto(links.published);
      const banner = page.getByRole('region', { name: 'Published book' });
      await banner.getByText(/Every change checked: \d+ changes, none altered/).waitFor({ timeout: 30_000 });
      // Without the key (a new page load: a change of fragment alone does not reload).
      await page.goto('about:blank');
      await page.goto(`${links.published.split('#')[0]}#/releases`);
      await banner.getByRole('alert').waitFor({ timeout: 30_000 });
      assert.match(await banner.getByRole('alert').innerText(), /^This published book is private: open the whole published link, with its key/);

      const wrong = links.published.replace(/key=[\w-]{43}$/, `key=${'A'.repeat(42)}E`);
      await page.goto('about:blank');
      await page.goto(wrong);
      await banner.getByRole('alert').waitFor({ timeout: 30_000 });
      assert.match(await banner.getByRole('alert').innerText(), /^The key in this link does not open this published book/);
      assert.equal(await page.getByRole('table').count(), 0, 'no book shown');
      assert.deepEqual(viewer.problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await viewer.close();
    }
  });

  test('a published book whose audit chain does not verify is refused', async () => {
    const layout = await mkdtemp(join(tmpdir(), 'private-layout-'));
    temps.push(layout);
    await run('cargo', ['run', '--quiet', '--offline', '--bin', 'demo-book', '--', '--sync-layout', '0', layout], {
      maxBuffer: 1 << 24,
    });
    for (const name of await readdir(layout)) await writeFile(join(plain.root, name), await readFile(join(layout, name)));
    await breakChain(plain.root);
    const viewer = await startBrowser();
    try {
      await viewer.page.goto(`${server.url}?book=${encodeURIComponent(plain.url)}`);
      const banner = viewer.page.getByRole('region', { name: 'Published book' });
      await banner.getByRole('alert').waitFor({ timeout: 30_000 });
      assert.match(
        await banner.getByRole('alert').innerText(),
        /^This published book does not verify: its audit chain does not verify: .+\. It is not shown\.$/,
      );
      assert.equal(await viewer.page.getByRole('table').count(), 0, 'no book shown');
    } finally {
      await viewer.close();
    }
  });
});
