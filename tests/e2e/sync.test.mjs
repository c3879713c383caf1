// End-to-end: two laptops share one book through a real file host on another origin. Both laptops load the demo book (so they share its
// first event), set the sync address, go offline, and each makes changes: the same
// conflicting "fully operational" notification on the hotfix (as in release_deploy.test.mjs)
// and a risk on a different release each. Back online they sync in turn — A, B, A and
// B, A, B, against Apache (honours If-Match) and against nginx (ignores it) — and both end
// with the same events, none lost, the conflict shown on the hotfix on both. Then a stakeholder opens
// the book they published read-only with `?book=<address>`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDav } from './dav.mjs';
import { startBrowser, startServer, unexpectedProblems } from './harness.mjs';
import { SyncPage } from './sync.page.mjs';

const HOTFIX = 'Duplicate card charges hotfix'; // Emergency release in early life support.
const ROBOTICS = 'Warehouse robotics integration';
const STOREFRONT = 'Storefront faster search';

const quote = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Each host, and each order: A first then B, and B first then A.
for (const [kind, order] of [
  ['apache', ['a', 'b', 'a']],
  ['apache', ['b', 'a', 'b']],
  ['nginx', ['a', 'b', 'a']],
  ['nginx', ['b', 'a', 'b']],
]) {
  describe(`two laptops meet through ${kind}, ${order[0].toUpperCase()} first`, () => {
    let server;
    let dav;
    const browsers = {};
    const desks = {};

    before(async () => {
      server = await startServer();
      dav = await startDav(kind, { origin: new URL(server.url).origin });
      for (const name of ['a', 'b']) {
        browsers[name] = await startBrowser();
        desks[name] = new SyncPage(browsers[name].page, server.url);
      }
    });
    after(async () => {
      for (const browser of Object.values(browsers)) await browser?.close();
      await dav?.stop();
      await server?.stop();
    });

    test(`offline edits on both, synced ${order.join(', ').toUpperCase()}: the same events everywhere and the conflict shown`, async () => {
      const risks = { a: `Robot firmware lags on ${kind}`, b: `Search cache cold on ${kind}` };
      const released = { a: ROBOTICS, b: STOREFRONT };
      for (const name of ['a', 'b']) {
        const desk = desks[name];
        await desk.loadDemoBook();
        await desk.actAs('olga');
        await desk.releaseId(HOTFIX); // read the demo book's ids while online
        await desk.configure({ address: dav.url, timeout: 10 });
        assert.match(await desk.lastSynced(), /^Never synced/);
      }
      const before = await desks.a.eventIds();

      // Offline, each laptop notifies "fully operational" on the hotfix and raises a risk.
      for (const name of ['a', 'b']) {
        const desk = desks[name];
        const waiting = await desk.waiting(); // the demo book itself, never synced
        await desk.offline(true);
        await desk.notifyFullyOperational(HOTFIX);
        await desk.raiseRisk(released[name], risks[name]);
        await desk.openPanel();
        assert.equal(await desk.waiting(), waiting + 2, `${name}: its two changes wait to go up`);
        await desk.offline(false);
      }

      for (const name of order) {
        await desks[name].openPanel();
        assert.match(await desks[name].syncOk(), /^Synced: \d+ changes? down, \d+ up; \d+ new conflicts?\.$/);
      }

      const a = await desks.a.eventIds();
      const b = await desks.b.eventIds();
      assert.deepEqual(a, b, 'both laptops hold the same events');
      assert.equal(a.length, before.length + 4, "the demo book, both notifications and both risks: none lost");
      for (const name of ['a', 'b']) {
        const desk = desks[name];
        assert.equal(await desk.waiting(), 0, `${name}: nothing waits to go up`);
        assert.equal(await desk.openConflicts(), 1, `${name}: one open conflict`);
        assert.match(await desk.lastSynced(), /^Last synced: \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
        assert.match(await desk.headerLink().innerText(), /^Sync: up to date/);
        // The hotfix's "Conflicts to resolve" shows both sides.
        await desk.openRelease(HOTFIX);
        const conflicts = desk.section('Conflicts to resolve');
        await conflicts.waitFor();
        const sides = await conflicts.getByRole('definition').allInnerTexts();
        assert.equal(sides.filter((s) => /^Notified: fully operational, SLAs enforced — Olga Okafor/.test(s)).length, 2);
        assert.ok((await desk.risks(ROBOTICS)).includes(`Risk: ${risks.a}`), `${name} shows A's risk`);
        assert.ok((await desk.risks(STOREFRONT)).includes(`Risk: ${risks.b}`), `${name} shows B's risk`);
      }
      for (const name of ['a', 'b']) assert.deepEqual(unexpectedProblems(browsers[name].problems, dav), [], name);
    });

    test("a stakeholder opens the shared book read-only, with both laptops' changes", async () => {
      const stakeholder = await startBrowser();
      try {
        const viewer = new SyncPage(stakeholder.page, server.url);
        await viewer.openPublished(dav.url);
        const events = (await desks.a.eventIds()).length;
        assert.match(
          await viewer.publishedBanner().innerText(),
          new RegExp(
            `^Published book from ${quote(new URL(dav.url).host)}, published on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC by [^.]+\\. Every change checked: ${events} changes, none altered since it was written\\.( |$)`,
          ),
        );
        assert.equal(await stakeholder.page.getByRole('button', { name: /^Acting as/ }).count(), 0, 'nobody acts here');
        assert.ok((await viewer.risks(ROBOTICS)).includes(`Risk: Robot firmware lags on ${kind}`), "A's risk");
        assert.ok((await viewer.risks(STOREFRONT)).includes(`Risk: Search cache cold on ${kind}`), "B's risk");
        await viewer.openRelease(HOTFIX);
        assert.equal(await viewer.section('Early life support').getByRole('button').count(), 0, 'nothing to send');
        assert.equal(await viewer.section('Risks').getByRole('textbox').count(), 0, 'no form to fill');
        assert.deepEqual(stakeholder.problems, []);
      } finally {
        await stakeholder.close();
      }
    });
  });
}
