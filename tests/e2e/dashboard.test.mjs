// End-to-end tests of the dashboard with the demo book loaded: the releases per status
// (each a link to the filtered list), what is deployed where with each cell's history
// opened from the keyboard, approvals waiting for the demo approver when acting as her,
// the next deployment windows linking to their releases, and the risk, early life
// support and conflict panels.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addAxe, DIST, startBrowser, startServer } from './harness.mjs';
import { DashboardPage } from './dashboard.page.mjs';

// The demo book's releases (src/demo/book.rs) by status.
const DEMO_COUNTS = {
  // Storefront redesign 6.0 (a window in the freeze), Till self-checkout mode 7.2.
  Draft: 2,
  // Payments refund e-mail times 3.4, Payments platform 4 (waiting for approval), and
  // Till contactless upgrade 7.1 re-planned after its back-out.
  Planning: 3,
  // Warehouse robotics integration 3.0 (a failed load test and a deviation).
  'Build and test': 1,
  // Storefront faster search 5.6 (Test and Staging done, Production coming up).
  Deployment: 1,
  // Duplicate card charges hotfix 3.3.1.
  'Early life support': 1,
  // Warehouse wave picking 2.2.
  Review: 1,
  // Payments faster refunds 3.3, Storefront wish lists 5.5.
  Closed: 2,
  // Payments loyalty points.
  Cancelled: 1,
  'Backed out': 0,
};

/**
 * The demo book's deployment windows that overlap the `days` days from `now`, soonest
 * first, as the dashboard lists them: every wave's latest plan, of releases not cancelled.
 */
function demoWindowsWithin(now, days) {
  const book = JSON.parse(readFileSync(join(DIST, 'demo-book.json'), 'utf8'));
  const releases = new Map();
  for (const { id, what } of book.events) {
    if (what.create_release) releases.set(id, { name: what.create_release.details.name, waves: new Map(), cancelled: false });
    const release = releases.get(what.release?.id);
    const change = what.release?.change;
    if (!release || !change) continue;
    if (change.add_wave) release.waves.set(change.add_wave.id || id, change.add_wave.plan);
    if (change.edit_wave) release.waves.set(change.edit_wave.id, change.edit_wave.plan);
    if (change.remove_wave) release.waves.delete(change.remove_wave);
    if (change.cancel) release.cancelled = true;
  }
  const until = now + days * 24 * 3600_000;
  const out = [];
  for (const release of releases.values()) {
    if (release.cancelled) continue;
    for (const plan of release.waves.values()) {
      if (plan.window.start < until && plan.window.end > now) out.push({ release: release.name, start: plan.window.start });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

describe('the dashboard of the demo book', () => {
  let server;
  let browser;
  let dashboard;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    dashboard = new DashboardPage(browser.page, server.url);
    await dashboard.loadDemoBook();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('counts the releases in each status, each count linking to the filtered list', async () => {
    assert.deepEqual(await dashboard.statusCounts(), DEMO_COUNTS);
    // Right after loading, the demo's release manager works here and has nothing to approve.
    await dashboard.panel('Approvals waiting for you').getByText('Nothing waits for your decision.').waitFor();
    await dashboard.statusLink('Build and test').click();
    await dashboard.page.getByRole('heading', { level: 1, name: 'Releases' }).waitFor();
    assert.match(dashboard.page.url(), /#\/releases\?phase=build_and_test$/);
    await dashboard.page.goBack();
    await dashboard.panel('Releases by status').waitFor();
    assert.deepEqual(browser.problems, []);
  });

  test('a reopened book shows its summary at once, never the first-start screen', async () => {
    // The demo book (300 events) was stored with a snapshot: start-up shows the snapshot's
    // book before the whole log is read, and that book is not empty.
    await dashboard.page.addInitScript(() => {
      const seen = new MutationObserver(() => {
        if (document.body.textContent.includes('Start with an empty book')) window.__firstStart = true;
      });
      document.addEventListener('DOMContentLoaded', () =>
        seen.observe(document.body, { subtree: true, childList: true, characterData: true }));
    });
    await dashboard.page.reload();
    assert.deepEqual(await dashboard.statusCounts(), DEMO_COUNTS);
    assert.equal(await dashboard.page.evaluate(() => window.__firstStart ?? false), false);
    assert.deepEqual(browser.problems, []);
  });

  test('shows what is deployed where, and a cell opens its history from the keyboard', async () => {
    const grid = await dashboard.matrix();
    assert.deepEqual(grid.Payments, { Test: '3.3', Staging: '3.3.1', Production: '3.3.1' });
    assert.deepEqual(grid['Warehouse management'], { Test: '2.2', Staging: '2.2', Production: '2.2' });
    assert.deepEqual(grid['Web storefront'], { Test: '5.6', Staging: '5.6', Production: '5.5' });
    // Point of sale 7.1 reached Production and was backed out: the catalogue's baseline is
    // in use there again, as the catalogue says.
    assert.equal(grid['Point of sale'].Production, '7.0 (baseline)');
    assert.equal(
      await dashboard.matrixCell('Point of sale', 'Production').getAttribute('aria-label'),
      'Point of sale in Production: 7.0 (baseline), history',
    );

    const cell = dashboard.matrixCell('Payments', 'Production');
    assert.equal(await cell.getAttribute('aria-label'), 'Payments in Production: 3.3.1, history');
    assert.equal(await cell.getAttribute('aria-expanded'), 'false');
    await cell.focus();
    await dashboard.page.keyboard.press('Enter');
    const history = dashboard.history('Payments', 'Production');
    await history.waitFor();
    assert.equal(await cell.getAttribute('aria-expanded'), 'true');
    // Newest first: the emergency fix, then the minor release it patched.
    const lines = await history.getByRole('listitem').allInnerTexts();
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^Duplicate card charges hotfix v3\.3\.1 — verified \d{4}-\d\d-\d\d \d\d:\d\d UTC by /);
    assert.match(lines[1], /^Payments faster refunds v3\.3 — verified /);

    // Escape closes it and gives the focus back to the cell.
    await history.getByRole('link').first().focus();
    await dashboard.page.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });
    assert.equal(await cell.evaluate((el) => el === document.activeElement), true);
    assert.equal(await cell.getAttribute('aria-expanded'), 'false');

    // The backed-out deployment is in the history, marked as such.
    await dashboard.matrixCell('Point of sale', 'Production').press('Space');
    const pos = dashboard.history('Point of sale', 'Production');
    assert.match((await pos.getByRole('listitem').allInnerTexts()).join('\n'), /Till contactless upgrade v7\.1 — verified .+ \(backed out\)/);
    await pos.getByRole('button', { name: 'Close the history' }).press('Enter');
    await pos.waitFor({ state: 'detached' });
    assert.deepEqual(browser.problems, []);
  });

  test('lists the next deployment windows, each linking to its release', async () => {
    const rows = dashboard.nextWindows();
    const texts = await rows.allInnerTexts();
    // The demo is written relative to the day it is built, and moves windows out of its
    // year-end freeze, so which windows fall in the next fourteen days depends on the date:
    // the expected ones are read from the demo book itself.
    const expected = demoWindowsWithin(Date.now(), 14);
    assert.deepEqual(
      texts.map((t) => t.replace(/^.*?: (.+?) v[\d.]+ — .*$/, '$1')),
      expected.map((w) => w.release),
      `windows: ${texts.join(' | ')}`,
    );
    const starts = texts.map((t) => t.slice(0, 16));
    assert.deepEqual([...starts].sort(), starts, 'soonest first');
    for (const row of texts) {
      assert.match(row, /^\d{4}-\d\d-\d\d \d\d:\d\d UTC \(\d+ h\): .+ v[\d.]+ — [^,]+, .+$/);
    }
    if (!expected.some((w) => w.release === 'Storefront faster search')) return;
    const storefront = rows.filter({ hasText: 'Storefront faster search v5.6' });
    assert.match(await storefront.innerText(), /^\d{4}-\d\d-\d\d \d\d:\d\d UTC \(3 h\): Storefront faster search v5\.6 — Production, Production rollout$/);
    await storefront.getByRole('link', { name: 'Storefront faster search v5.6' }).click();
    await dashboard.page.waitForURL(/#\/releases\/[^/?]+\?section=waves$/);
    await dashboard.open('dashboard');
    assert.deepEqual(browser.problems, []);
  });

  test('names risks, early life support and conflicts, each linking to the release', async () => {
    const risks = dashboard.panel('Open risks and issues');
    // Raised in the demo: two high risks (robots stalling, wallet certification), the
    // high issue of the older terminals and the medium deviation of the load test.
    assert.match(await risks.innerText(), /High\s+2 risks, 1 deviation or issue\s+Medium\s+0 risks, 1 deviation or issue/);
    const named = await risks.getByRole('list', { name: 'Most severe' }).getByRole('listitem').allInnerTexts();
    assert.equal(named.length, 4);
    assert.equal(named[3], 'Accept 450 ms p95 until robot firmware 1.2 — medium deviation, Warehouse robotics integration v3.0');
    await risks.getByRole('link', { name: 'Older terminals reject the contactless kernel' }).waitFor();

    const support = dashboard.panel('Early life support');
    assert.match(
      await support.getByRole('listitem').innerText(),
      /^Duplicate card charges hotfix v3\.3\.1 — live since \d{4}-\d\d-\d\d \(\d+ days? ago\)$/,
    );

    const conflicts = dashboard.panel('Open conflicts');
    assert.equal(await conflicts.getByText(/open conflicts? to resolve/).innerText(), '1 open conflict to resolve.');
    const link = conflicts.getByRole('link', { name: 'Storefront redesign v6.0' });
    assert.match(await link.getAttribute('href'), /^#\/releases\/[^/?]+\?section=conflicts$/);
    assert.deepEqual(browser.problems, []);
  });

  test('has no serious accessibility violations and fits a phone, with a history open', async () => {
    await dashboard.matrixCell('Web storefront', 'Production').press('Enter');
    await dashboard.history('Web storefront', 'Production').waitFor();
    await addAxe(dashboard.page);
    const violations = await dashboard.page.evaluate(async () =>
      (await window.axe.run(document.querySelector('main'))).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`),
    );
    assert.deepEqual(violations, []);
    // At 390 px wide the page does not scroll sideways; wide tables scroll in their panel.
    await dashboard.page.setViewportSize({ width: 390, height: 800 });
    assert.ok(await dashboard.page.evaluate(() => document.documentElement.scrollWidth <= 390));
    await dashboard.page.setViewportSize({ width: 1280, height: 800 });
    assert.deepEqual(browser.problems, []);
  });

  test('shows the approvals waiting for the demo approver when acting as her', async () => {
    await dashboard.actAs('ana', 'Ana Alves');
    const waiting = dashboard.waitingForMe();
    await waiting.first().waitFor();
    const lines = await waiting.allInnerTexts();
    assert.ok(
      lines.includes('Payments platform 4 (wallets) v4.0: Build and test — approval 1 of 1'),
      `waiting for Ana: ${lines.join(' | ')}`,
    );
    const inbox = dashboard.panel('Approvals waiting for you').getByRole('link', { name: 'Open the approvals inbox' });
    assert.equal(await inbox.getAttribute('href'), '#/approvals');
    await waiting.getByRole('link', { name: 'Payments platform 4 (wallets) v4.0' }).first().click();
    await dashboard.page.waitForURL(/#\/releases\/[^/?]+\?section=approvals$/);

    // The tester has nothing to decide.
    await dashboard.open('dashboard');
    await dashboard.actAs('tom', 'Tom Tanaka');
    await dashboard.panel('Approvals waiting for you').getByText('Nothing waits for your decision.').waitFor();
    assert.deepEqual(browser.problems, []);
  });
});
