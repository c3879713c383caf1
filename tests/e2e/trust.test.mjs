// End-to-end: authority you can prove. A keeper begins signing a new book and shares it
// through a real WebDAV host; two laptops (a release manager and a change manager) join it
// with join requests the keeper enrols after comparing their codes. The change manager
// authorizes planning. Then someone with write access to the host, but no key, appends a
// segment of forged events (a cancel in the change manager's name, a role grant): both
// laptops keep them but list them under "Rejected changes", the release stays where it was,
// and the published view counts them as rejected. A release manager who is no keeper is
// offered no role changes. And the demo book, whose device holds every demo person's key,
// still lets a demo switch person.
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDav } from './dav.mjs';
import { startBrowser, startServer, unexpectedProblems } from './harness.mjs';
import { JourneyPage } from './journey.page.mjs';
import { SyncPage } from './sync.page.mjs';

/** The first 128 bits of SHA-256, as 32 hex digits (the book's hash of events and segments). */
const hash16 = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 32);

/** An event's chain hash: its canonical JSON without the signature (docs/format.md). */
function eventHash(event) {
  const { sig, ...body } = event;
  return hash16(JSON.stringify(body));
}

/** Every event on the host, from every listed segment. */
async function hostEvents(root) {
  const events = [];
  for (const name of await readdir(root)) {
    if (!name.startsWith('segment.')) continue;
    events.push(...JSON.parse(await readFile(join(root, name), 'utf8')).events);
  }
  return events;
}

/**
 * Appends a device `intruder` to the host with one segment of `forged` events that follow
 * the host's current heads: what someone with write access but no key can do. With `signer`
 * (a function of an event's canonical body bytes), each placed event is signed for real.
 */
async function appendForgedSegment(root, forged, signer = null) {
  const events = await hostEvents(root);
  const followed = new Set(events.flatMap((e) => e.after ?? []));
  const heads = events.map(eventHash).filter((h) => !followed.has(h)).sort();
  let seq = Math.max(...events.map((e) => e.seq));
  let after = heads;
  const placed = forged.map((what) => {
    seq += 1;
    const event = { ...what, seq, after };
    // Key order as the app writes it: id, seq, at, by, after, what, key, sig.
    const ordered = {
      id: event.id,
      seq: event.seq,
      at: event.at,
      by: event.by,
      after: event.after,
      what: event.what,
      ...(event.key ? { key: event.key } : {}),
      ...(event.sig ? { sig: event.sig } : {}),
    };
    if (signer) ordered.sig = signer(Buffer.from(JSON.stringify(ordered)));
    after = [eventHash(ordered)];
    return ordered;
  });
  const segment = JSON.stringify({
    format: 'release-desk/segment',
    version: 1,
    device: 'intruder',
    heads: after,
    events: placed,
  });
  const name = hash16(segment);
  await writeFile(join(root, `segment.intruder.${name}.json`), segment);
  await writeFile(
    join(root, 'index.intruder.json'),
    JSON.stringify({ format: 'release-desk/index', version: 1, device: 'intruder', segments: [name], seen: [] }),
  );
  const manifestPath = join(root, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.devices = [...manifest.devices, 'intruder'].sort();
  await writeFile(manifestPath, JSON.stringify(manifest));
}

/**
 * A signer with a demo person's device key, made as the demo makes it (src/demo/keys.rs: the
 * Ed25519 seed is the SHA-256 of the public demo seed and the person's id): it signs the
 * SHA-256 of an event's canonical body, as a modified client holding that key would.
 */
function demoSigner(person) {
  const seed = createHash('sha256').update(`release-desk demo key: ${person}`).digest();
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return (body) => sign(null, createHash('sha256').update(body).digest(), key).toString('base64url');
}

/** Settings' "Signing and trust" section. */
function trust(page) {
  return page.getByRole('region', { name: 'Signing and trust' });
}

async function rejectedRows(desk) {
  await desk.open('settings');
  const table = trust(desk.page).getByRole('table', { name: 'Rejected changes' });
  await table.waitFor();
  return table.locator('tbody tr').allInnerTexts();
}

describe('a signed book shared by a keeper and two laptops', () => {
  let server;
  let dav;
  const browsers = {};
  const desks = {};

  before(async () => {
    server = await startServer();
    dav = await startDav('apache', { origin: new URL(server.url).origin });
    for (const name of ['keeper', 'rita', 'carl']) {
      browsers[name] = await startBrowser();
      desks[name] = new SyncPage(browsers[name].page, server.url);
    }
  });
  after(async () => {
    for (const browser of Object.values(browsers)) await browser?.close();
    await dav?.stop();
    await server?.stop();
  });

  test('the keeper enrols both laptops; forged events on the host are rejected everywhere', async () => {
    const { keeper, rita, carl } = desks;
    // The keeper registers in a new book and begins signing it.
    await keeper.open('settings');
    await keeper.page.getByLabel('Your name', { exact: true }).first().fill('Kim Keeper');
    await keeper.page.getByLabel('Your role', { exact: true }).selectOption({ label: 'release manager' });
    await keeper.page.getByRole('button', { name: 'Save', exact: true }).click();
    await keeper.page.getByText('Saved.', { exact: true }).waitFor();
    await trust(keeper.page).getByRole('button', { name: 'Begin signing this book' }).click();
    await trust(keeper.page).getByText(/^Signing begun: Kim Keeper is the book's first keeper\./).waitFor();
    assert.match(await trust(keeper.page).locator('.trust__summary').innerText(), /Keepers: Kim Keeper\./);
    await keeper.configure({ address: dav.url, timeout: 10 });
    await keeper.syncOk();

    // Each laptop takes the book, asks to join; the keeper enrols it after comparing codes.
    const joins = {};
    for (const [desk, name] of [
      [rita, 'Rita Ramos'],
      [carl, 'Carl Chen'],
    ]) {
      await desk.configure({ address: dav.url, timeout: 10 });
      await desk.syncOk();
      joins[name] = await desk.joinRequest(name);
      assert.match(joins[name].code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    }
    await keeper.enrol(joins['Rita Ramos'], 'release manager');
    // Carl sends the join link; the keeper opens it.
    await keeper.enrol(joins['Carl Chen'], 'change manager / CAB', { viaLink: true });
    await keeper.openPanel();
    await keeper.syncOk();
    for (const [desk, name] of [
      [rita, 'Rita Ramos'],
      [carl, 'Carl Chen'],
    ]) {
      await desk.openPanel();
      await desk.syncOk();
      await desk.page.getByLabel('Signed in as').waitFor();
      assert.equal(await desk.personInHeader(), name);
      // The laptop may act only as the person whose key it holds.
      assert.deepEqual(
        await desk.page.getByLabel('Signed in as').locator('option:not([disabled])').allInnerTexts(),
        [`${name} — ${name === 'Rita Ramos' ? 'release manager' : 'change manager / CAB'}`],
      );
    }

    // A release manager who is no keeper is offered no role changes.
    await rita.open('settings');
    await rita.page.getByText('Only a keeper registers people and changes their roles in a signed book.').waitFor();
    assert.equal(await rita.page.getByRole('button', { name: 'Update the roles' }).count(), 0);

    // Rita adds a service and creates a release; Carl authorizes its planning.
    const catalogue = new JourneyPage(rita.page, server.url);
    await rita.open('catalogue');
    await rita.page.getByRole('navigation', { name: 'Catalogue' }).getByRole('link', { name: 'Services' }).click();
    await rita.page.getByRole('heading', { level: 2, name: 'Services' }).waitFor();
    await rita.page.getByLabel('Name', { exact: true }).fill('Payments');
    await rita.page.getByLabel('Owner team', { exact: true }).fill('Payments squad');
    await rita.page.getByLabel('Baseline version', { exact: true }).fill('3.2');
    await rita.press('Add the service');
    await rita.page.getByText('Saved.', { exact: true }).first().waitFor();
    const { id } = await catalogue.createRelease({
      service: 'Payments',
      category: 'minor',
      name: 'Faster refunds',
      rfcs: 'RFC-7',
    });
    await rita.openPanel();
    await rita.syncOk();
    await carl.openPanel();
    await carl.syncOk();
    const cab = new JourneyPage(carl.page, server.url);
    await carl.open(`releases/${id}`);
    assert.equal(await cab.authorizeGate('start of planning', 'CAB: go'), null);
    await cab.waitForStatus('planning');
    await carl.openPanel();
    await carl.syncOk();
    await rita.openPanel();
    await rita.syncOk();

    // Someone with write access to the host, and no key, appends forged events.
    const events = await hostEvents(dav.root);
    const carlsKey = events.find((e) => e.by === 'carl-chen' && e.key)?.key;
    assert.ok(carlsKey, "Carl's signed events are on the host");
    const now = Date.now();
    await appendForgedSegment(dav.root, [
      {
        id: 'intruder-1',
        at: now,
        by: 'carl-chen',
        what: { release: { id, change: { cancel: { reason: 'Cancelled by the CAB' } } } },
        key: carlsKey,
        sig: randomBytes(64).toString('base64url'),
      },
      {
        id: 'intruder-2',
        at: now + 1,
        by: 'rita-ramos',
        what: { person: { id: 'rita-ramos', name: 'Rita Ramos', roles: ['release_manager', 'keeper', 'change_manager'] } },
      },
    ]);

    for (const desk of [rita, carl]) {
      await desk.openPanel();
      await desk.syncOk();
      const rows = await rejectedRows(desk);
      assert.equal(rows.length, 2, rows.join('\n'));
      // Each names the file on the host it came in.
      assert.match(rows[0], /Carl Chen[\s\S]*signature does not verify[\s\S]*segment\.intruder\.[0-9a-f]{32}\.json on 127\.0\.0\.1:\d+/);
      assert.match(rows[1], /Rita Ramos[\s\S]*not signed[\s\S]*segment\.intruder\.[0-9a-f]{32}\.json on 127\.0\.0\.1:\d+/);
      // The release stays where it was.
      const journey = new JourneyPage(desk.page, server.url);
      await desk.open(`releases/${id}`);
      await journey.waitForStatus('planning');
      assert.equal(await journey.status(), 'planning', 'not cancelled');
    }

    // The published view counts them as rejected.
    const viewer = await startBrowser();
    try {
      const page = new SyncPage(viewer.page, server.url);
      await page.openPublished(dav.url);
      assert.match(
        await page.publishedBanner().innerText(),
        /\d+ events verified, signed by 3 people; 2 rejected\./,
      );
    } finally {
      await viewer.close();
    }
  });
});

describe('a start outside its window, signed with a real key, arriving by sync', () => {
  let server;
  let dav;
  let browser;

  before(async () => {
    server = await startServer();
    dav = await startDav('apache', { origin: new URL(server.url).origin });
    browser = await startBrowser();
  });
  after(async () => {
    await browser?.close();
    await dav?.stop();
    await server?.stop();
  });

  test('is kept aside with the window named, on the laptop and in the published view', async () => {
    const RELEASE = 'Storefront faster search';
    const WAVE = 'Production rollout';
    const desk = new SyncPage(browser.page, server.url);
    await desk.loadDemoBook();
    await desk.actAs('olga');
    await desk.configure({ address: dav.url, timeout: 10 });
    await desk.syncOk();

    // The wave is ready: Olga's own app offers no Start, because its window is not now.
    const events = await hostEvents(dav.root);
    const release = events.find((e) => e.what?.create_release?.details?.name === RELEASE).id;
    const plans = events.filter((e) => {
      const change = e.what?.release?.id === release ? e.what.release.change : null;
      const plan = change?.add_wave ?? change?.edit_wave;
      return plan?.plan?.name === WAVE;
    });
    const wave = plans[0].what.release.change.add_wave.id;
    const { window } = (plans.at(-1).what.release.change.edit_wave ?? plans.at(-1).what.release.change.add_wave).plan;
    const at = Math.max(Date.now(), ...events.map((e) => e.at)) + 1;
    assert.ok(at < window.start || at > window.end, 'the event is dated outside the window');
    const olgasKey = events.find((e) => e.by === 'olga' && e.key)?.key;
    assert.ok(olgasKey, "Olga's signed events are on the host");

    // A modified client holding Olga's real key starts the wave anyway and syncs it up.
    await appendForgedSegment(
      dav.root,
      [{ id: 'early-start', at, by: 'olga', what: { release: { id: release, change: { start_wave: wave } } }, key: olgasKey }],
      demoSigner('olga'),
    );

    await desk.openPanel();
    await desk.syncOk();
    const rows = await rejectedRows(desk);
    assert.equal(rows.length, 1, rows.join('\n'));
    assert.match(rows[0], new RegExp(`Olga Okafor[\\s\\S]*the window of “${WAVE}” on Production is [^;]+; it was started at \\d`));
    assert.doesNotMatch(rows[0], /signature does not verify/, 'the signature itself is good');
    // The wave has not started: still ready, its deployment not started.
    await desk.openRelease(RELEASE);
    await desk.wave(WAVE).waitFor();
    const shown = await desk.wave(WAVE).innerText();
    assert.match(shown, new RegExp(`^${WAVE}\\nready\\n`));
    assert.match(shown, /\nDeployment\nNot started\n/);

    const viewer = await startBrowser();
    try {
      const page = new SyncPage(viewer.page, server.url);
      await page.openPublished(dav.url);
      assert.match(await page.publishedBanner().innerText(), /; 1 rejected\./);
    } finally {
      await viewer.close();
    }
    assert.deepEqual(unexpectedProblems(browser.problems, dav), []);
  });
});

describe('the demo book', () => {
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

  test('is signed, and its device holds every demo person\'s key, so a demo can switch person', async () => {
    const demo = new JourneyPage(browser.page, server.url);
    await demo.loadDemoBook();
    const select = browser.page.getByLabel('Signed in as');
    await select.waitFor();
    assert.equal(await select.locator('option:not([disabled])').count(), 6);
    await demo.actAs('Carl Chen');
    assert.equal(await demo.personInHeader(), 'Carl Chen');
    await demo.open('settings');
    await trust(browser.page).getByText('None: every change in this book counts.').waitFor();
    assert.match(await trust(browser.page).locator('.trust__summary').innerText(), /^Signed since .*, begun by Rita Ramos\./);
    assert.deepEqual(browser.problems, []);
  });
});
