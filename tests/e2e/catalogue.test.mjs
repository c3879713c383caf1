// End-to-end tests of the catalogue: adding a service, an environment and a configuration
// item of a chosen kind; editing a release policy's freeze window; refusals shown next to
// the field they concern with nothing changed; retiring a service with active releases;
// who is acting, and the theme, both surviving a reload.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';
import { CataloguePage } from './catalogue.page.mjs';

describe('the catalogue of the demo book', () => {
  let server;
  let browser;
  let book;

  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    book = new CataloguePage(browser.page, server.url);
    await book.loadDemoBook();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('each tab has its own address and is marked as the current one', async () => {
    await book.open('catalogue/environments');
    assert.equal(await book.currentTab(), 'Environments');
    await book.openTab('Release policies');
    assert.match(book.page.url(), /#\/catalogue\/policies/);
    assert.equal(await book.currentTab(), 'Release policies');
    await book.openTab('People');
    assert.ok((await book.peopleNames()).includes('Carl Chen'));
    assert.deepEqual(browser.problems, []);
  });

  test("a person's roles are changed on the People tab; no role at all is refused", async () => {
    await book.openTab('People');
    await book.page.getByLabel('Person', { exact: true }).selectOption({ label: 'Sam Singh' });
    const approver = book.page.getByRole('checkbox', { name: 'approver', exact: true });
    const stakeholder = book.page.getByRole('checkbox', { name: 'stakeholder', exact: true });
    assert.ok(await stakeholder.isChecked());
    await approver.check();
    await book.press('Update the roles');
    assert.equal(await book.saved(), 'Saved.');
    const sam = book.page.getByRole('listitem').filter({ hasText: 'Sam Singh' });
    assert.equal(await sam.innerText(), 'Sam Singh — stakeholder, approver');

    await approver.uncheck();
    await stakeholder.uncheck();
    await book.press('Update the roles');
    const roles = book.page.getByRole('group', { name: 'Roles' });
    await book.page.waitForFunction(() => document.getElementById('roles-roles-error')?.textContent);
    assert.equal(await book.fieldError(roles), 'Choose at least one role.');
    assert.equal(await sam.innerText(), 'Sam Singh — stakeholder, approver');
    assert.deepEqual(browser.problems, []);
  });

  test('services show the version in use on each environment', async () => {
    await book.openTab('Services');
    const headers = await book.page.getByRole('columnheader').allInnerTexts();
    assert.deepEqual(headers.slice(0, 3), ['Service', 'Owner', 'Baseline']);
    assert.ok(headers.includes('On Production'), headers.join(', '));
    const payments = await book.rowCells(/^Payments/);
    assert.equal(payments[1], 'Payments squad');
    // At least one environment runs a version of Payments in the demo book.
    assert.ok(payments.slice(3, 6).some((v) => /^\d+\.\d+/.test(v)), payments.join(' | '));
  });

  test('a new service and a new environment are added and kept', async () => {
    await book.openTab('Services');
    await book.fillAndPress(
      { Name: 'Loyalty', 'Owner team': 'CRM team', 'Baseline version': '2.1' },
      'Add the service',
    );
    assert.equal(await book.saved(), 'Saved.');
    assert.deepEqual((await book.rowCells(/^Loyalty/)).slice(0, 3), ['Loyalty\nloyalty', 'CRM team', '2.1']);

    await book.openTab('Environments');
    await book.fillAndPress({ Name: 'Performance lab', 'Order in the promotion path': '2' }, 'Add the environment');
    assert.equal(await book.saved(), 'Saved.');
    assert.deepEqual((await book.rowCells(/^Performance lab/)).slice(0, 4), [
      'Performance lab\nperformance-lab',
      '2',
      'not live',
      'active',
    ]);

    await book.reload();
    assert.equal((await book.rowCells(/^Performance lab/))[2], 'not live');
    await book.openTab('Services');
    assert.equal((await book.rowCells(/^Loyalty/))[1], 'CRM team');
    assert.deepEqual(browser.problems, []);
  });

  test('a configuration item of a chosen kind is added and shown with that kind', async () => {
    await book.openTab('Configuration items');
    await book.fillAndPress(
      { Name: 'Refund desk training', Kind: 'training', Service: 'Payments', 'Version in use': '2026 edition' },
      'Add the item',
    );
    assert.equal(await book.saved(), 'Saved.');
    const cells = await book.rowCells(/^Refund desk training/);
    assert.deepEqual(cells.slice(1, 4), ['training', 'Payments', '2026 edition']);
    await book.page.getByLabel('Show', { exact: true }).selectOption({ label: 'training' });
    // The kind is each row's first data cell.
    const kinds = await book.page
      .getByRole('row')
      .filter({ has: book.page.getByRole('rowheader') })
      .evaluateAll((rows) => rows.map((row) => row.querySelector('td').textContent));
    assert.ok(kinds.length >= 1 && kinds.every((k) => k === 'training'), kinds.join(', '));
    assert.deepEqual(browser.problems, []);
  });

  test('a refused entry shows the reason next to the field and adds nothing', async () => {
    await book.openTab('Services');
    const rows = await book.page.getByRole('row').count();
    await book.fillAndPress({ Name: '   ', Id: 'ghost', 'Owner team': 'Nobody' }, 'Add the service');
    const name = book.page.getByLabel('Name', { exact: true });
    await book.page.waitForFunction(() => document.getElementById('service-name-error')?.textContent);
    assert.equal(await book.fieldError(name), "Enter the service's name.");
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.equal(await book.page.getByRole('row').count(), rows);
    assert.deepEqual(browser.problems, []);
  });

  test("a release policy's freeze window is edited; an end before the start is refused and changes nothing", async () => {
    await book.openTab('Release policies');
    await book.page.getByLabel('Policy of the service').selectOption({ label: 'Payments' });
    const freeze = book.freezeWindow(1);
    assert.equal(await freeze.getByLabel('Reason').inputValue(), 'Year-end trading freeze');
    const starts = await freeze.getByLabel('Starts (UTC)').inputValue();
    const ends = await freeze.getByLabel('Ends (UTC)').inputValue();
    assert.match(starts, /^\d{4}-12-18T00:00$/);
    // One day longer: to the 5th of January.
    const later = ends.replace(/-01-04T/, '-01-05T');
    await freeze.getByLabel('Ends (UTC)').fill(later);
    await freeze.getByLabel('Repeats').selectOption({ label: 'every year' });
    await book.press('Save the policy');
    assert.equal(await book.saved(), 'Saved.');

    await book.reload();
    assert.equal(await book.freezeWindow(1).getByLabel('Ends (UTC)').inputValue(), later);

    // An end before the start: refused, the reason next to the freeze window's fields.
    const end = book.freezeWindow(1).getByLabel('Ends (UTC)');
    await end.fill(starts.replace(/-12-18T/, '-12-10T'));
    await book.press('Save the policy');
    await book.page.waitForFunction(() => document.getElementById('policy-freeze_windows-error')?.textContent);
    assert.equal(await book.fieldError(end), 'The freeze “Year-end trading freeze” must end after it starts.');
    assert.equal(await end.getAttribute('aria-invalid'), 'true');
    await book.reload();
    assert.equal(await book.freezeWindow(1).getByLabel('Ends (UTC)').inputValue(), later);
    assert.deepEqual(browser.problems, []);
  });

  test('retiring a service with active releases is refused with the reason', async () => {
    await book.openTab('Services');
    await book.press('Retire Payments');
    const refusal = book.page.getByRole('alert').filter({ hasText: 'active releases' });
    assert.match(
      await refusal.innerText(),
      /^The service still has active releases: .+; close or cancel them first\.$/,
    );
    assert.equal((await book.rowCells(/^Payments/)).at(-2), 'active');
    assert.deepEqual(browser.problems, []);
  });

  test('switching who is acting changes the name in the header and survives a reload', async () => {
    await book.open('catalogue/services');
    assert.equal(await book.personInHeader(), 'Rita Ramos');
    await book.actAs('Carl Chen');
    assert.equal(await book.personInHeader(), 'Carl Chen');
    assert.equal(await book.chosenPerson(), 'Carl Chen — change manager / CAB');
    await book.reload();
    assert.equal(await book.personInHeader(), 'Carl Chen');
    assert.equal(await book.chosenPerson(), 'Carl Chen — change manager / CAB');

    // A tester is not offered the catalogue's forms.
    await book.actAs('Tom Tanaka');
    assert.equal(await book.page.getByRole('button', { name: 'Add the service' }).count(), 0);
    assert.match(await book.page.locator('main').innerText(), /Only a release manager or a change manager/);
    await book.open('settings');
    assert.match(await book.page.locator('main').innerText(), /You are acting as Tom Tanaka \(tester\)/);
    await book.actAs('Rita Ramos');
    assert.deepEqual(browser.problems, []);
  });

  test('a new person entered in Settings of the signed demo book is sent to a keeper', async () => {
    await book.open('settings');
    await book.page.getByLabel('Your name', { exact: true }).first().fill('Nina Novak');
    await book.page.getByLabel('Your role').selectOption('approver');
    await book.page.getByRole('button', { name: 'Save', exact: true }).click();
    await book.page
      .getByText('This book is signed: a keeper registers people. Make a join request under Signing and trust, below.')
      .waitFor();
    // Nobody acts as someone this browser holds no key for.
    assert.equal(await book.personInHeader(), 'Rita Ramos');
    assert.equal(await book.actingAs().locator('option', { hasText: 'Nina Novak' }).count(), 0);
    assert.deepEqual(browser.problems, []);
  });

  test('the theme chosen in Settings applies at once and survives a reload', async () => {
    await book.open('settings');
    assert.equal(await book.documentTheme(), null);
    assert.ok(await book.page.getByRole('radio', { name: 'Follow the system' }).isChecked());
    await book.chooseTheme('Dark');
    assert.equal(await book.documentTheme(), 'dark');
    const background = () => book.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await background(), 'rgb(20, 24, 30)');
    await book.reload();
    assert.equal(await book.documentTheme(), 'dark');
    assert.ok(await book.page.getByRole('radio', { name: 'Dark' }).isChecked());
    await book.chooseTheme('Light');
    assert.equal(await background(), 'rgb(246, 247, 249)');
    await book.chooseTheme('Follow the system');
    assert.equal(await book.documentTheme(), null);
    await book.reload();
    assert.equal(await book.documentTheme(), null);
    assert.deepEqual(browser.problems, []);
  });
});
