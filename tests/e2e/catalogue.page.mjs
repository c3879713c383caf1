// Page object for the catalogue (services, environments, configuration items, release
// policies, people), the "Acting as" choice in the header and the theme in Settings, named
// as a person sees them: tab links, labels, buttons and table rows.
import { BookPage } from './book.page.mjs';

export class CataloguePage extends BookPage {
  /** Opens one tab of the catalogue by its link, as a person would. */
  async openTab(title) {
    if (!this.page.url().includes('#/catalogue')) await this.open('catalogue');
    await this.page.getByRole('navigation', { name: 'Catalogue' }).getByRole('link', { name: title }).click();
    await this.page.getByRole('heading', { level: 2, name: title }).waitFor();
  }

  /** The tab marked as the current one. */
  currentTab() {
    return this.page
      .getByRole('navigation', { name: 'Catalogue' })
      .locator('[aria-current="page"]')
      .innerText();
  }

  /** The table row whose header cell names `name` (rows carry their id under the name). */
  row(name) {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name }) });
  }

  /** The texts of a row's cells, header first. */
  async rowCells(name) {
    return this.row(name).locator('th, td').allInnerTexts();
  }

  /** Fills the fields given by label, then presses `button`. */
  async fillAndPress(fields, button) {
    for (const [label, value] of Object.entries(fields)) {
      const field = this.page.getByLabel(label, { exact: true });
      const tag = await field.evaluate((e) => e.tagName);
      if (tag === 'SELECT') await field.selectOption({ label: value });
      else await field.fill(value);
    }
    await this.press(button);
  }

  /** Waits until an action says it is saved; returns what it says. */
  async saved() {
    const message = this.page.getByText('Saved.', { exact: true }).first();
    await message.waitFor();
    return message.innerText();
  }

  /** The error message shown next to a field: the element its aria-describedby names. */
  fieldError(field) {
    return field.evaluate((element) => {
      const ids = (element.getAttribute('aria-describedby') ?? '').split(' ');
      return ids
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .filter(Boolean)
        .join(' ');
    });
  }

  // ---- Release policies ----

  freezeWindow(n) {
    return this.page.getByRole('group', { name: `Freeze window ${n}`, exact: true });
  }

  // ---- Who is acting ----

  actingAs() {
    return this.page.getByLabel(/^(Acting|Signed in) as$/);
  }

  async actAs(name) {
    const option = this.actingAs().locator('option', { hasText: name });
    await this.actingAs().selectOption(await option.getAttribute('value'));
  }

  /** The name of the chosen person as the "Acting as" choice shows it. */
  chosenPerson() {
    return this.actingAs().evaluate((select) => select.selectedOptions[0]?.textContent ?? '');
  }

  // ---- Theme ----

  async chooseTheme(label) {
    await this.page.getByRole('radio', { name: label }).check();
  }

  documentTheme() {
    return this.page.evaluate(() => document.documentElement.getAttribute('data-theme'));
  }
}
