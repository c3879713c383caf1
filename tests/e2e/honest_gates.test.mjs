// End-to-end tests of honest gates on the demo book: a wave outside its window is refused
// with the domain's reason, then starts under an emergency override recorded by change
// management, shown on the release page and the calendar; and no action the domain would
// refuse is offered, for any person of the book, on any release.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { HonestGatesPage, demoReleases, demoWave } from './honest_gates.page.mjs';
import { isoDay } from './calendar.page.mjs';

const STOREFRONT = 'Storefront faster search'; // Production rollout ready, its window in two days.
const WAVE = 'Production rollout';

describe('honest gates', () => {
  let server;
  let browser;
  let desk;

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    browser = await startBrowser();
    desk = new HonestGatesPage(browser.page, server.url);
    await desk.loadDemoBook();
  });
  afterEach(async () => {
    await browser?.close();
  });

  test('a wave outside its window is refused with the window, then starts under an emergency override', async () => {
    await desk.actAs('olga');
    await desk.openRelease(STOREFRONT);
    const wave = desk.wave(WAVE);
    const start = wave.getByRole('button', { name: `Start deploying ${WAVE}`, exact: true });
    // Offered with the domain's reason, but not clickable: the window is two days away.
    assert.equal(await start.isDisabled(), true);
    const reason = await desk.reasonFor(wave, `Start deploying ${WAVE}`);
    assert.match(
      reason,
      /^The window of “Production rollout” on Production is \d{1,2} \w{3} 22:00–01:00 UTC; it is now \d{1,2} \w{3} \d\d:\d\d UTC\. Start it inside its window, or ask change management to record an emergency override\.$/,
    );
    // Operations may not record an override.
    assert.equal(await wave.getByText(`Emergency override for ${WAVE}`).count(), 0);

    // The change manager records it; operations starts it now.
    await desk.overrideWindow(STOREFRONT, WAVE, 'Incident INC-5120: search down for 30% of customers', 'olga');
    const fact = desk.wave(WAVE).locator('.ops__override');
    // Shown to operations too.
    assert.match(await fact.innerText(), /^Incident INC-5120: search down for 30% of customers — authorized by Carl Chen, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

    assert.equal(await desk.wave(WAVE).getByRole('button', { name: `Start deploying ${WAVE}`, exact: true }).isDisabled(), false);
    await desk.startAndVerify(WAVE, true, 'Search p95 at 180 ms, no errors');
    assert.match(await desk.wave(WAVE).innerText(), /verified/);
    assert.match(await desk.wave(WAVE).locator('.ops__override').innerText(), /Incident INC-5120/);

    // The calendar shows the override on the window.
    const releases = await demoReleases();
    const storefront = releases.find((r) => r.name === STOREFRONT);
    const { start: opens } = await demoWave(storefront.id, WAVE);
    await desk.open(`calendar?view=month&date=${isoDay(opens).slice(0, 8)}01`);
    const chip = browser.page.getByRole('listitem').filter({
      has: browser.page.getByRole('link', { name: `${storefront.title} → Production`, exact: true }),
    });
    assert.match(await chip.first().innerText(), /emergency override by Carl Chen: Incident INC-5120/);
    assert.deepEqual(browser.problems, []);
  });

  test('no action the domain would refuse is offered, for any person, on any release', async () => {
    const releases = await demoReleases();
    const offered = [];
    for (const person of ['rita', 'carl', 'ana', 'tom', 'olga', 'sam']) {
      await desk.actAs(person);
      for (const release of releases) {
        await desk.goToRelease(release);
        const { clicked, refused } = await desk.clickEveryOffer();
        offered.push(...clicked.map((c) => `${person}: ${c}`));
        assert.deepEqual(refused, [], `${person} was offered on ${release.title} what the domain refuses`);
      }
      // The approvals inbox too.
      await desk.open('approvals');
      await browser.page.getByRole('heading', { level: 1 }).first().waitFor();
      const { refused } = await desk.clickEveryOffer(4);
      assert.deepEqual(refused, [], `${person} was offered in the approvals inbox what the domain refuses`);
    }
    // The walk did offer and run real actions (it would pass vacuously otherwise).
    assert.ok(offered.some((o) => o.startsWith('olga: Start deploying')) || offered.some((o) => o.includes('Confirm readiness')), offered.join('\n'));
    assert.deepEqual(browser.problems, []);
  });
});
