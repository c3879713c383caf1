// End-to-end: three laptops (three browser contexts) share one book through hosts as they
// are found, not as the test suite's Apache is configured: one that sends only weak ETags
// (as nginx does when it compresses; a weak ETag never satisfies If-Match), and one behind
// a cache that serves stale answers and 404s for a few seconds whatever the request asks.
// Each laptop loads the demo book, raises a risk of its own in each of two rounds, and
// syncs right after the others, so that it reads what the host (or the cache) just had.
// Both hosts converge: every risk on every laptop, the same events everywhere, and no
// laptop is ever told that others kept changing a file (its own index least of all).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDav } from './dav.mjs';
import { startFaultProxy } from './fault_proxy.mjs';
import { startBrowser, startServer } from './harness.mjs';
import { SyncPage } from './sync.page.mjs';

const ROBOTICS = 'Warehouse robotics integration';
const CACHE_MS = 3_000;
const WEAK = "This host sends weak ETags; writes go without conditions, which this layout allows.";
const STALE = /^The host or a cache in front of it served an older copy of \S+\.json\. Nothing was lost; sync again in a minute\.$/;

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

for (const [host, fault] of [
  ['a host that sends only weak ETags', 'weakEtags'],
  ['a cache that serves stale answers and 404s for a few seconds', { cacheMs: CACHE_MS }],
]) {
  describe(`three laptops through ${host}`, () => {
    let server;
    let dav;
    let proxy;
    const laptops = {};
    const desks = {};
    const outcomes = []; // every status and alert any laptop was shown

    before(async () => {
      server = await startServer();
      const origin = new URL(server.url).origin;
      dav = await startDav('apache', { origin });
      proxy = await startFaultProxy(dav.url, { origin });
      await proxy.set(fault);
      for (const name of ['a', 'b', 'c']) {
        laptops[name] = await startBrowser();
        desks[name] = new SyncPage(laptops[name].page, server.url);
        await desks[name].loadDemoBook();
        await desks[name].actAs('olga');
        await desks[name].configure({ address: proxy.url, timeout: 10 });
      }
    });
    after(async () => {
      for (const laptop of Object.values(laptops)) await laptop?.close();
      await proxy?.stop();
      await dav?.stop();
      await server?.stop();
    });

    /**
     * Syncs `name`; behind the cache, a joining laptop told to sync again in a minute does
     * so once the cache has let go. Resolves to the status line of the sync that worked.
     */
    async function sync(name) {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const { status, alert } = await desks[name].syncNow();
        outcomes.push(`${name}: ${alert || status}`);
        if (!alert) return status;
        assert.match(alert, STALE, `${name}'s sync failed otherwise`);
        assert.ok(fault.cacheMs, 'only a cache serves older copies');
        await pause(CACHE_MS + 500);
      }
      throw new Error(`${name} did not sync: ${outcomes.join('\n')}`);
    }

    test('every risk reaches every laptop, no event is lost, and none is told others changed its files', async () => {
      for (const name of ['a', 'b', 'c']) await sync(name);
      const risks = [];
      for (const round of [1, 2]) {
        for (const name of ['a', 'b', 'c']) {
          const title = `Round ${round} risk from ${name.toUpperCase()}`;
          risks.push(`Risk: ${title}`);
          await desks[name].raiseRisk(ROBOTICS, title);
          await desks[name].openPanel();
          await sync(name);
        }
      }
      // A minute later (for the cache), each syncs twice round.
      for (let quiet = 0; quiet < 2; quiet += 1) {
        for (const name of ['a', 'b', 'c']) {
          if (fault.cacheMs) await pause(CACHE_MS + 500);
          const status = await sync(name);
          if (fault === 'weakEtags') assert.ok(status.includes(WEAK), status);
        }
      }

      const ids = await desks.a.eventIds();
      for (const name of ['a', 'b', 'c']) {
        const theirs = await desks[name].risks(ROBOTICS);
        for (const risk of risks) assert.ok(theirs.includes(risk), `${name} lacks ${risk}`);
        assert.deepEqual(await desks[name].eventIds(), ids, `${name} holds the same events as A`);
        await desks[name].openPanel();
        assert.equal(await desks[name].waiting(), 0, `${name} has nothing left to push`);
        assert.deepEqual(
          laptops[name].problems.filter((p) => p.startsWith('page error')),
          [],
          `${name} never failed`,
        );
      }
      if (fault.cacheMs) {
        const stale = proxy.requests.filter((r) => r.cached && /(manifest|index\.[\w-]+)\.json$/.test(r.path));
        assert.ok(stale.length > 0, 'the cache served the files that change from its copies');
        assert.ok(stale.some((r) => r.status === 404), 'and a 404 it kept');
      }
      const changed = outcomes.filter((o) => /kept changing/.test(o));
      assert.deepEqual(changed, [], 'never "others kept changing"');
      const manifest = JSON.parse(await (await fetch(`${dav.url}manifest.json`)).text());
      assert.equal(manifest.devices.length, 3, 'all three joined the manifest');
    });
  });
}
