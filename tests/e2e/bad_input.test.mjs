// End-to-end tests of bad input in two fields, with the demo book: a person's e-mail
// address (Catalogue, People) and a build and test milestone's date (the release page).
// Each bad value gets a clear message under its field (tied to it by aria-describedby),
// loses nothing else typed, and never panics (a panic of the wasm reaches the console,
// which the harness records in `problems`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { CataloguePage } from './catalogue.page.mjs';
import { ReleasePage } from './release.page.mjs';

/** The message tied to `field` by aria-describedby (its words, joined). */
async function message(page, field) {
  await page.waitForFunction(
    (el) => (el.getAttribute('aria-describedby') ?? '').split(' ').some((id) => document.getElementById(id)?.textContent.trim()),
    await field.elementHandle(),
  );
  return field.evaluate((el) =>
    el.getAttribute('aria-describedby').split(' ').map((id) => document.getElementById(id)?.textContent.trim() ?? '').join(' '),
  );
}

/** Sets a field's value as the browser would after the person typed (sanitized), with its input event. */
function typed(field, value) {
  return field.evaluate((el, v) => {
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

describe('bad input gets a clear message and never panics', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    const desk = new ReleasePage(browser.page, server.url);
    await desk.loadDemoBook();
    await desk.actAs('Rita Ramos');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("a person's e-mail: malformed, one character too long, then empty", async () => {
    const people = new CataloguePage(browser.page, server.url);
    await people.openTab('People');
    const form = browser.page.getByRole('form', { name: "Change someone's roles or e-mail" });
    await form.getByLabel('Person', { exact: true }).selectOption({ label: 'Ana Alves' });
    const email = form.getByLabel('E-mail (optional)');
    const update = form.getByRole('button', { name: 'Update the roles' });

    for (const bad of ['ana', 'ana@retail', 'ana @retail.example']) {
      await email.fill(bad);
      await update.click();
      assert.match(await message(browser.page, email), /name@example\.org/, bad);
      assert.equal(await email.inputValue(), bad, 'what was typed stays');
    }
    // 255 characters: one more than mail carries.
    const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`;
    assert.equal(long.length, 255);
    await email.fill(long);
    await update.click();
    assert.match(await message(browser.page, email), /at most 254 characters/);
    assert.equal(await email.inputValue(), long);
    // Empty is allowed: no address.
    await email.fill('');
    await update.click();
    await browser.page.getByText('Saved.').first().waitFor();
    assert.deepEqual(browser.problems, []);
  });

  test("a milestone's date: empty, before year 1, not in the calendar, far beyond 9999", async () => {
    const release = new ReleasePage(browser.page, server.url);
    await release.openRelease('Storefront redesign v6.0');
    const schedule = release.section('Build and test schedule');
    await release.openForm(schedule, 'Plan a milestone');
    await schedule.getByLabel('Name (optional)').fill('Edge of the calendar');
    const date = schedule.getByLabel('Date (UTC)', { exact: true });
    const add = schedule.getByRole('button', { name: 'Add the milestone' });
    // Typed as the browser keeps them: 0000-01-01 and 2026-02-30 are no dates to it (empty).
    for (const bad of ['', '0000-01-01', '2026-02-30', '275760-12-31']) {
      await typed(date, bad);
      await add.click();
      assert.match(await message(browser.page, date), /date/i, `"${bad}" is explained`);
      assert.equal(await schedule.getByLabel('Name (optional)').inputValue(), 'Edge of the calendar', 'the name stays');
      assert.equal(await schedule.getByRole('cell', { name: 'Edge of the calendar' }).count(), 0, `"${bad}" is not planned`);
    }
    // The last day of 9999 is in range.
    await date.fill('9999-12-31');
    await add.click();
    await schedule.getByRole('cell', { name: '9999-12-31' }).waitFor();
    assert.deepEqual(browser.problems, []);
  });
});
