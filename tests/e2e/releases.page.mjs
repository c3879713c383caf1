// Page object for the release list and the new-release wizard, named as a release manager
// sees them: the search box and filters by their labels, the table by its name, the
// column headers by their buttons, the wizard's fields by their labels.
import { BookPage } from './book.page.mjs';

export class ReleasesPage extends BookPage {
  // ---- The release list ----

  /** Opens the list, with an optional query such as `?q=pay`. */
  async openList(query = '') {
    await this.open(`releases${query}`);
    await this.page.getByRole('heading', { name: 'Releases', level: 1 }).waitFor();
  }

  table() {
    return this.page.getByRole('table', { name: 'Releases' });
  }

  searchBox() {
    return this.page.getByLabel('Search by name, version, RFC or id');
  }

  async search(text) {
    await this.searchBox().fill(text);
  }

  /** Chooses `option` (its visible text) in the filter labelled `label`. */
  async filter(label, option) {
    await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  /** The chosen option's text of the filter labelled `label`. */
  chosen(label) {
    return this.page
      .getByLabel(label, { exact: true })
      .evaluate((select) => select.selectedOptions[0]?.textContent ?? '');
  }

  /** "42 of 10,000 releases". */
  count() {
    return this.page.getByRole('status').filter({ hasText: / of [\d,]+ releases$/ }).innerText();
  }

  /** Waits until the count reads `text` (a string or a pattern). */
  async waitForCount(text) {
    await this.page
      .getByRole('status')
      .filter({ hasText: typeof text === 'string' ? new RegExp(`^${text}$`) : text })
      .waitFor();
  }

  /** The titles of the rows in the page, in order. */
  titles() {
    return this.table().getByRole('link').allInnerTexts();
  }

  /** The data rows in the page (the header row and the spacers are not counted). */
  rows() {
    return this.table().getByRole('row').filter({ has: this.page.getByRole('link') });
  }

  /** Each row in the page as its cells' texts. */
  async cells() {
    return this.rows().evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)),
    );
  }

  /** Presses a column header's sort button. */
  async sortBy(column) {
    await this.table().getByRole('button', { name: column, exact: true }).click();
  }

  /** The column header's aria-sort: "ascending", "descending" or null. */
  sortOf(column) {
    return this.table().getByRole('columnheader', { name: column, exact: true }).getAttribute('aria-sort');
  }

  /** The address after the `#`. */
  hash() {
    return this.page.evaluate(() => decodeURIComponent(location.hash));
  }

  /** Downloads the list as CSV; resolves to { filename, text }. */
  async downloadCsv() {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: 'Download as CSV' }).click(),
    ]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    return { filename: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }

  /** Scrolls the table's scroll container to `top` pixels and waits a frame. */
  async scrollListTo(top) {
    await this.page.getByRole('region', { name: 'Releases found, scrollable' }).evaluate((el, top) => {
      el.scrollTop = top;
      el.dispatchEvent(new Event('scroll'));
    }, top);
    await this.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
  }

  // ---- The new-release wizard ----

  async openWizard() {
    await this.open('releases/new');
    await this.page.getByRole('heading', { name: 'New release', level: 1 }).waitFor();
  }

  /** The policy's hint under the version: "The release policy of Payments gives 3.5 …". */
  async suggestedVersion() {
    const hint = await this.page.getByText(/^The release policy of .+ gives /).innerText();
    return /gives (\S+) for/.exec(hint)[1];
  }

  versionField() {
    return this.page.getByLabel('Version', { exact: true });
  }

  /** The message under the version field, if any. */
  versionError() {
    return this.page.getByRole('alert').filter({ hasText: /is not the next/ });
  }

  async fillWizard({ service, category, version, name, rfcs }) {
    if (service) await this.page.getByLabel('Service', { exact: true }).selectOption({ label: service });
    if (category) await this.page.getByRole('radio', { name: category }).check();
    if (version !== undefined) await this.versionField().fill(version);
    if (name !== undefined) await this.page.getByLabel('Name', { exact: true }).fill(name);
    if (rfcs !== undefined) await this.page.getByLabel('RFCs (change requests)').fill(rfcs);
  }

  async create() {
    await this.page.getByRole('button', { name: 'Create release' }).click();
  }

  /** Waits until the address is a release's page; returns the release id. */
  async waitForReleasePage() {
    await this.page.waitForFunction(() => /^#\/releases\/(?!new)[^/?]+$/.test(location.hash), null, {
      timeout: 15_000,
    });
    return (await this.hash()).split('/')[2];
  }
}
