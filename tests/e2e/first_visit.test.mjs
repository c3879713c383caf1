// End-to-end tests of a first visit on a slow network: the page shows the product's name
// from its first paint while the wasm downloads (network throttled through the DevTools
// protocol), and the service worker that makes the app work offline takes the wasm the
// page has just downloaded instead of downloading it a second time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';

/** Whether the start-up screen shows, whether the shell is there, and the wasm's state. */
function startState(page) {
  return page.evaluate(() => {
    const boot = document.querySelector('.boot');
    const wasm = performance
      .getEntriesByType('resource')
      .find((entry) => entry.name.endsWith('.wasm'));
    return {
      boot: boot !== null && boot.getBoundingClientRect().height > 0,
      text: boot?.textContent.replace(/\s+/g, ' ').trim() ?? '',
      role: boot?.getAttribute('role') ?? '',
      shell: document.querySelector('.shell') !== null,
      wasmArrived: wasm !== undefined && wasm.responseEnd > 0,
    };
  });
}

describe('a first visit', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer('/', undefined, { log: true });
    browser = await startBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('shows the product while the wasm downloads on a slow network, then the app', async () => {
    const { context, page } = browser;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    // About a slow 4G phone connection: 1.6 Mbit/s down, 150 ms round trips.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    try {
      await page.goto(server.url, { waitUntil: 'domcontentloaded' });
      const early = await startState(page);
      assert.equal(early.wasmArrived, false, 'the wasm had already arrived: the test proves nothing');
      assert.equal(early.shell, false);
      assert.equal(early.boot, true, 'the start-up screen is not shown');
      assert.match(early.text, /Release Desk/);
      assert.equal(early.role, 'status');
      await page.locator('.shell').waitFor({ timeout: 120_000 });
      const late = await startState(page);
      assert.equal(late.boot, false, 'the start-up screen stays over the app');
      assert.equal(await page.locator('.shell__product').textContent(), 'Release Desk');
    } finally {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      await cdp.detach();
    }
  });

  test('downloads the wasm once, though the service worker keeps it for offline starts', async () => {
    const { page } = browser;
    await page.reload({ waitUntil: 'load' });
    await page.locator('.shell').waitFor();
    // Wait until the worker has cached the app, the wasm included.
    await page.waitForFunction(
      async () => {
        await navigator.serviceWorker.ready;
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          if ((await cache.keys()).some((request) => request.url.endsWith('.wasm'))) return true;
        }
        return false;
      },
      null,
      { timeout: 60_000, polling: 250 },
    );
    const wasm = server.requests.filter((line) => /\.wasm$/.test(line));
    assert.equal(wasm.length, 1, `the wasm was downloaded ${wasm.length} times: ${wasm.join(', ')}`);
    assert.deepEqual(browser.problems, []);
  });
});
