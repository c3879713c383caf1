// Page object for the offline app: the shell plus what the service worker and the update
// notice let a person see, and the browser state a test waits on.
import { ShellPage } from './shell.page.mjs';

/** Polls `condition` (async) every 50 ms until it holds; fails after `timeout` ms. */
async function until(condition, what, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export class OfflineShellPage extends ShellPage {
  /** Waits until the app shell is cached and a service worker controls the page. A page
   * whose load began while the worker was still activating stays uncontrolled (the worker's
   * `clients.claim()` came before the page existed); as for a person, the next start is. */
  async waitUntilOfflineReady() {
    const active = await this.page.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 15_000)),
      ]),
    );
    if (!active) throw new Error('no service worker became active within 15 s');
    if (!(await this.page.evaluate(() => navigator.serviceWorker.controller !== null))) {
      await this.reload();
    }
    await this.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 15_000,
    });
  }

  /** The names of the app's caches in this browser. */
  cacheNames() {
    return this.page.evaluate(() => caches.keys());
  }

  /** Waits until the only cache left is the one of `version` (older ones deleted). */
  async waitForOnlyCacheOf(version) {
    await until(async () => {
      const names = await this.cacheNames();
      return names.length === 1 && names[0].endsWith(` ${version}`);
    }, `the only cache to be the one of version ${version}`);
  }

  /** The web app manifest the page links to, and its URL. */
  manifest() {
    return this.page.evaluate(async () => {
      const url = new URL(document.querySelector('link[rel="manifest"]').href);
      return { url: url.href, body: await (await fetch(url)).json() };
    });
  }

  /** The HTTP status of each URL, fetched by the page (bodies read to the end, so that no
   * request is left to be aborted by the next navigation). */
  statuses(urls) {
    return this.page.evaluate(
      (list) =>
        Promise.all(
          list.map(async (url) => {
            const response = await fetch(url);
            await response.arrayBuffer();
            return response.status;
          }),
        ),
      urls,
    );
  }

  updateNotice() {
    return this.page.locator('.update-notice__card');
  }

  updateNoticeText() {
    return this.updateNotice().locator('.update-notice__text').innerText();
  }

  async dismissUpdateNotice() {
    await this.updateNotice().getByRole('button', { name: 'Dismiss' }).click();
    await this.updateNotice().waitFor({ state: 'detached' });
  }
}
