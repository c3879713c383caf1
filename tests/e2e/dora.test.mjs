// End-to-end tests of the dashboard's delivery performance (DORA's four metrics) with the
// demo book, the browser's clock set a day after the demo's last event so its production
// deployments (one of them backed out) fall inside the twelve weeks: each chart's bars and
// its table say the same, the weekly deployments add up to the figure over the span, the
// services' figures add up to all of them, and the panel passes axe in both themes with
// every table open.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addAxe, DIST, startBrowser, startServer } from './harness.mjs';
import { DashboardPage } from './dashboard.page.mjs';

const METRICS = ['Deployment frequency', 'Lead time for changes', 'Change failure rate', 'Time to restore service'];

describe('delivery performance on the dashboard', () => {
  let server;
  let browser;
  let dashboard;
  let panel;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    const demo = JSON.parse(readFileSync(join(DIST, 'demo-book.json'), 'utf8'));
    const last = Math.max(...demo.events.map((e) => e.at));
    await browser.page.clock.install({ time: last + 24 * 3600_000 });
    dashboard = new DashboardPage(browser.page, server.url);
    await dashboard.loadDemoBook();
    panel = dashboard.panel('Delivery performance (DORA)');
    await panel.waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** One metric's figure (named by its heading). */
  const metric = (name) => panel.getByRole('figure', { name, exact: true });

  /** A metric's weeks as its table shows them: [[week, value], …]. */
  async function table(name) {
    const rows = metric(name).locator('tbody tr');
    const out = [];
    for (const row of await rows.all()) {
      out.push([await row.locator('th').textContent(), await row.locator('td').textContent()]);
    }
    return out;
  }

  /** A metric's bars as the chart draws them: each bar's own title. */
  async function bars(name) {
    return metric(name).locator('svg rect > title').allTextContents();
  }

  async function totalDeployments() {
    const text = await metric('Deployment frequency').locator('.dora__total').innerText();
    const [, n] = /^(\d+) deployments? in twelve weeks/.exec(text) ?? [];
    assert.ok(n !== undefined, text);
    return Number(n);
  }

  test('each chart draws exactly the weeks its table lists', async () => {
    for (const name of METRICS) {
      const rows = await table(name);
      assert.equal(rows.length, 12, `${name}: twelve weeks`);
      for (const [week] of rows) assert.match(week, /^\d{4}-\d\d-\d\d$/, `${name}: a week is named by its Monday`);
      const withValue = rows.filter(([, value]) => value !== 'none');
      assert.deepEqual(
        await bars(name),
        withValue.map(([week, value]) => `Week of ${week}: ${value}`),
        name,
      );
      // The chart is an image named by its title and described in words.
      const chart = metric(name).getByRole('img');
      assert.equal(await chart.getAttribute('aria-labelledby'), await chart.evaluate((svg) =>
        `${svg.querySelector('title').id} ${svg.querySelector('desc').id}`));
    }
  });

  test('the weekly deployments add up to the figure, and the demo has some that failed', async () => {
    const weekly = (await table('Deployment frequency')).map(([, v]) => (v === 'none' ? 0 : parseInt(v, 10)));
    const total = await totalDeployments();
    assert.ok(total >= 3, `the demo deploys to production: ${total}`);
    assert.equal(weekly.reduce((a, b) => a + b, 0), total);
    // The Till contactless upgrade was backed out in production: a failure, restored.
    assert.match(await metric('Change failure rate').locator('.dora__total').innerText(), /^[1-9]\d* % over twelve weeks/);
    assert.match(await metric('Time to restore service').locator('.dora__total').innerText(), /^\d+ (min|h|d)/);
    assert.match(await metric('Lead time for changes').locator('.dora__total').innerText(), /^\d+ (min|h|d)/);
    for (const name of METRICS) {
      assert.match(await metric(name).locator('figcaption').innerText(), /\bElite: /, `${name}: its bands are written`);
    }
  });

  test('each service has its own figures, and together they make all of them', async () => {
    const all = await totalDeployments();
    const select = panel.getByRole('combobox', { name: 'Service' });
    const services = (await select.locator('option').allTextContents()).filter((s) => s !== 'All services');
    assert.ok(services.length >= 3, services.join(', '));
    let sum = 0;
    for (const service of services) {
      await select.selectOption({ label: service });
      sum += await totalDeployments();
    }
    assert.equal(sum, all);
    await select.selectOption({ label: 'All services' });
    assert.equal(await totalDeployments(), all);
    assert.deepEqual(browser.problems, []);
  });

  test('passes axe in the light and the dark theme with every table open', async () => {
    for (const details of await panel.locator('details').all()) await details.locator('summary').click();
    await addAxe(dashboard.page);
    for (const theme of ['light', 'dark']) {
      await dashboard.page.emulateMedia({ colorScheme: theme });
      const violations = await dashboard.page.evaluate(async () =>
        (await window.axe.run(document.querySelector('#dashboard-dora').closest('section'))).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`),
      );
      assert.deepEqual(violations, [], theme);
    }
    // At 390 px the panel fits: no sideways scroll.
    await dashboard.page.setViewportSize({ width: 390, height: 800 });
    assert.ok(await dashboard.page.evaluate(() => document.documentElement.scrollWidth <= 390));
    await dashboard.page.setViewportSize({ width: 1280, height: 800 });
  });
});
