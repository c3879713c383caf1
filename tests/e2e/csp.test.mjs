// End-to-end tests of the Content-Security-Policy in index.html (docs/hosting.md): the served
// page carries it and no inline script; the app starts, loads the demo book and navigates
// under it with no violation; a script or a style attribute injected into the page is
// blocked and reported; and a saved dark theme applies before the first paint, from a file
// the policy allows. The harness reports every violation on every page of every test into
// `problems`, so the rest of the suite runs under the policy too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { BookPage } from './book.page.mjs';

/** The directives the policy must hold, each as it must read. */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "worker-src 'self'",
];

/** The violations the page has reported so far, as the harness's init script keeps them. */
function violations(page) {
  return page.evaluate(() => window.__cspViolations);
}

/** Waits until the page has reported `count` violations (they arrive as events). */
async function waitForViolations(page, count) {
  await page.waitForFunction((n) => window.__cspViolations.length >= n, count, { timeout: 5_000 });
  return violations(page);
}

describe('the Content-Security-Policy', () => {
  let server;
  let browser;
  let book;

  before(async () => {
    server = await startServer('/');
    browser = await startBrowser();
    book = new BookPage(browser.page, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('is in the served page, and the page has no inline script', async () => {
    const response = await browser.page.goto(server.url);
    const html = await response.text();
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    assert.ok(meta, 'index.html has no Content-Security-Policy meta element');
    const policy = meta[1].split(';').map((directive) => directive.trim());
    for (const directive of DIRECTIVES) assert.ok(policy.includes(directive), `missing: ${directive}`);
    const connect = policy.find((directive) => directive.startsWith('connect-src'));
    assert.match(connect, /^connect-src 'self' /);
    assert.doesNotMatch(connect, /\s\*(\s|$)/, 'connect-src must not allow every origin');
    // Every script is a file: trunk's loader was moved out by .ci/precache.sh.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 3, `expected the theme, service worker and wasm loaders: ${scripts.length}`);
    for (const [tag, attributes, body] of scripts) {
      assert.match(attributes, /\ssrc="[^"]+"/, `an inline script: ${tag.slice(0, 80)}`);
      assert.equal(body.trim(), '', `a script with both src and content: ${tag.slice(0, 80)}`);
    }
    await book.waitForShell();
  });

  test('lets the app start, load the demo book and navigate with no violation', async () => {
    await book.loadDemoBook();
    await book.goTo('Releases');
    await book.goTo('Calendar');
    await book.goTo('Dashboard');
    assert.deepEqual(await violations(browser.page), []);
    assert.deepEqual(browser.problems, []);
  });

  test('blocks and reports a script injected into the page', async () => {
    const { page } = browser;
    await book.open();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true;';
      document.head.append(script);
    });
    const [violation] = await waitForViolations(page, 1);
    assert.match(violation, /^CSP violation: script-src-elem blocked inline/);
    assert.equal(await page.evaluate(() => window.injectedRan), undefined, 'the injected script ran');
    assert.ok(
      browser.problems.includes(violation),
      `the harness did not report the violation: ${JSON.stringify(browser.problems)}`,
    );
    browser.problems.length = 0;
  });

  test('blocks and reports an inline style attribute', async () => {
    const { page } = browser;
    await book.open();
    const width = await page.evaluate(() => {
      const main = document.querySelector('main');
      main.setAttribute('style', 'border-left: 17px solid red');
      return getComputedStyle(main).borderLeftWidth;
    });
    assert.notEqual(width, '17px', 'the inline style applied');
    const [violation] = await waitForViolations(page, 1);
    assert.match(violation, /^CSP violation: style-src-attr blocked inline/);
    browser.problems.length = 0;
  });

  test('applies a saved dark theme before the first paint', async () => {
    const context = browser.context;
    // A page with the system in light mode, so only the saved choice can make it dark. Its
    // init script records, in the first animation frame (before anything is painted), the
    // theme on <html> and the background colour the page is about to paint.
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.addInitScript(() => {
      requestAnimationFrame(() => {
        const root = document.documentElement;
        window.firstFrame = {
          theme: root.dataset.theme ?? null,
          background: getComputedStyle(root).getPropertyValue('--rd-bg').trim(),
          shell: document.querySelector('.shell') !== null,
        };
      });
    });
    const dark = new BookPage(page, server.url);
    await dark.open('settings');
    await page.evaluate(() => localStorage.setItem('release-desk.theme', JSON.stringify('dark')));
    await dark.reload();
    const first = await page.evaluate(() => window.firstFrame);
    assert.equal(first.shell, false, 'the app had started before the first frame: the test proves nothing');
    assert.equal(first.theme, 'dark');
    assert.equal(first.background, '#14181e');
    assert.deepEqual(await violations(page), []);
    await page.close();
    assert.deepEqual(browser.problems, []);
  });
});
