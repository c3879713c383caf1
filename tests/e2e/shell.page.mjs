// Page object for the app shell: what a person sees and does, named as they would.

export class ShellPage {
  /** @param {import('playwright-core').Page} page @param {string} baseUrl */
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  /** Opens the app at a page's address (`settings`, `releases` ...) and waits for the shell. */
  async open(slug = '') {
    await this.page.goto(slug ? `${this.baseUrl}#/${slug}` : this.baseUrl);
    await this.waitForShell();
  }

  async reload() {
    await this.page.reload();
    await this.waitForShell();
  }

  async waitForShell() {
    await this.page.locator('.shell__product').waitFor({ timeout: 15_000 });
  }

  productName() {
    return this.page.locator('.shell__product').innerText();
  }

  navigationLinks() {
    return this.page.locator('nav[aria-label="Main"] a').allInnerTexts();
  }

  currentPageTitle() {
    return this.page.locator('main h1').innerText();
  }

  async goTo(title) {
    await this.page.locator('nav[aria-label="Main"] a', { hasText: title }).click();
    await this.page.locator('main h1', { hasText: title }).waitFor();
  }

  nameField() {
    return this.page.getByRole('textbox', { name: 'Your name' });
  }

  async saveName(name) {
    await this.nameField().fill(name);
    await this.page.getByRole('button', { name: 'Save', exact: true }).click();
    await this.page.locator('.settings__status', { hasText: 'Saved.' }).waitFor();
  }

  /**
   * The name in the header once it has settled: a book just loaded chooses its default
   * person a frame after the dashboard draws, so "Name not set" may show for that frame.
   */
  async personInHeader() {
    const header = this.page.locator('.shell__person');
    await header
      .filter({ hasNotText: 'Name not set' })
      .waitFor({ timeout: 3_000 })
      .catch(() => {});
    return header.innerText();
  }
}
