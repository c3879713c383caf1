// Accessibility check of every page with axe-core: the demo book loaded, each page at a
// laptop's width (1280 px) and a phone's (390 px), in the light and the dark theme (as the
// system asks, with no choice saved). A serious or critical violation fails the page's
// test and is printed with the rule, the elements and what to fix.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addAxe, startBrowser, startServer } from './harness.mjs';
import { BookPage } from './book.page.mjs';
import { releaseIdByTitle } from './release.page.mjs';

const WIDTHS = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];
const THEMES = ['light', 'dark'];

/** The pages checked: their name and address (a function of the book's ids). */
const PAGES = [
  ['dashboard', () => 'dashboard'],
  ['release list', () => 'releases'],
  ['release page', (ids) => `releases/${ids.release}`],
  ['new release', () => 'releases/new'],
  ['approvals', () => 'approvals'],
  ['my tasks', () => 'my-tasks'],
  ['calendar', () => 'calendar'],
  ['calendar: week', () => 'calendar?view=week'],
  ['calendar: agenda', () => 'calendar?view=agenda'],
  ['catalogue: services', () => 'catalogue/services'],
  ['catalogue: environments', () => 'catalogue/environments'],
  ['catalogue: configuration items', () => 'catalogue/items'],
  ['catalogue: release policies', () => 'catalogue/policies'],
  ['catalogue: people', () => 'catalogue/people'],
  ['reports', () => 'reports'],
  ['settings', () => 'settings'],
];

/** Violations as a person fixing them reads them. */
function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    - ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

describe('accessibility of every page (axe-core)', () => {
  let server;
  let browser;
  let book;
  const ids = {};

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    book = new BookPage(browser.page, server.url);
    await book.loadDemoBook();
    // A release of the demo book in deployment, found by its title.
    ids.release = await releaseIdByTitle(book, 'Storefront faster search');
    assert.ok(ids.release, 'the demo book has the release Storefront faster search');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const size of WIDTHS) {
    for (const theme of THEMES) {
      describe(`at ${size.width} px in the ${theme} theme`, () => {
        before(async () => {
          await book.page.setViewportSize({ width: size.width, height: size.height });
          await book.page.emulateMedia({ colorScheme: theme });
        });

        for (const [name, address] of PAGES) {
          test(`${name} has no serious or critical violation`, async () => {
            await book.open(address(ids));
            // The page is drawn (the book is open: `open` waited for it).
            await book.page.locator('main > *').first().waitFor({ state: 'attached' });
            await addAxe(book.page);
            const { checked, violations } = await book.page.evaluate(async () => {
              const result = await window.axe.run(document, { resultTypes: ['violations'] });
              const checked = result.passes.length + result.violations.length;
              const violations = result.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map(({ id, impact, help, helpUrl, nodes }) => ({
                  id,
                  impact,
                  help,
                  helpUrl,
                  nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
                }));
              return { checked, violations };
            });
            assert.ok(checked > 10, `axe ran ${checked} rules on ${name}`);
            assert.equal(
              violations.length,
              0,
              `${name} (#/${address(ids)}) at ${size.width} px, ${theme}:\n${describeViolations(violations)}`,
            );
            assert.deepEqual(browser.problems, []);
          });
        }
      });
    }
  }
});
