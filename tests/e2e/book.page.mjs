// Page object for the release book as a person keeps it: the demo book on the dashboard,
// the people in Settings, the storage check, and export and import. Named as the person
// sees them (roles and labels); CSS only where the page offers no role or label.
import { ShellPage } from './shell.page.mjs';

export class BookPage extends ShellPage {
  /** Opens the app at a page's address and waits until the stored book is open. */
  async open(slug = '') {
    await super.open(slug);
    await this.waitForBook();
  }

  async reload() {
    await super.reload();
    await this.waitForBook();
  }

  /** Waits until the "Opening your release book…" banner is gone (the store is read). */
  async waitForBook() {
    await this.page
      .getByRole('status')
      .filter({ hasText: 'Opening your release book' })
      .waitFor({ state: 'detached', timeout: 15_000 });
  }

  /** On the dashboard of an empty book: loads the demo book and waits for its summary. */
  async loadDemoBook() {
    await this.open();
    await this.page.getByRole('button', { name: 'Load the demo book' }).click();
    await this.page.getByRole('heading', { name: 'Releases by status' }).waitFor({ timeout: 15_000 });
  }

  /**
   * Presses a button with the keyboard (focus, Enter). Not a click: with two tabs open,
   * headless Chromium gives the tab behind no animation frames, and Playwright's click
   * waits for frames to see the button stand still (2 s per click in the tab behind).
   */
  press(button) {
    return this.page.getByRole('button', { name: button }).press('Enter');
  }

  /** The error banner (a failed store, or another tab upgraded it). */
  storageAlert() {
    return this.page.getByRole('alert').filter({ hasText: /\S/ });
  }

  // ---- People in this book ----

  peopleSavedLog() {
    return this.page.getByRole('list', { name: 'People saved' });
  }

  /** Fills and submits the "Add person" form (role `null`: as chosen before); does not
   * wait for the save. */
  async submitPerson(name, role = 'tester') {
    await this.page.getByLabel('Name', { exact: true }).fill(name);
    if (role !== null) await this.page.getByLabel('Role', { exact: true }).selectOption(role);
    await this.press('Add person');
  }

  // ---- Signing and trust (Settings) ----

  /** Settings' "Signing and trust" section. */
  trustSection() {
    return this.page.getByRole('region', { name: 'Signing and trust' });
  }

  /**
   * On a device that holds a signed book but no key for it: makes a join request for
   * `name`. Resolves to { request, code } as the device shows them.
   */
  async joinRequest(name) {
    await this.open('settings');
    const section = this.trustSection();
    await section.getByLabel('Your name', { exact: true }).fill(name);
    await section.getByRole('button', { name: 'Make a join request' }).click();
    const request = await section.getByLabel('Join request', { exact: true }).inputValue();
    const code = await section.locator('.trust__code').first().innerText();
    const link = await section.locator('.trust__link').getAttribute('href');
    return { request, code, link };
  }

  /**
   * As a keeper: pastes a join request (or, with `viaLink`, opens the join link the device
   * showed), checks the code matches, enrols with `role`.
   */
  async enrol({ request, code, link }, role, { viaLink = false } = {}) {
    const section = this.trustSection();
    if (viaLink) {
      await this.page.goto(link);
      await section.getByLabel('Join request', { exact: true }).waitFor();
      const prefilled = await section.getByLabel('Join request', { exact: true }).inputValue();
      if (prefilled !== request) throw new Error(`the link opened another request: ${prefilled}`);
    } else {
      await this.open('settings');
      await section.getByLabel('Join request', { exact: true }).fill(request);
    }
    const shown = await section.locator('.trust__code').first().innerText();
    if (shown !== code) throw new Error(`the keeper sees code ${shown}, the device ${code}`);
    await section.getByLabel('Role, if they are new to the book').selectOption({ label: role });
    await section.getByRole('button', { name: 'Enrol this device' }).click();
    await section.getByRole('status').filter({ hasText: /^Enrolled / }).waitFor();
  }

  /** Adds a person and waits for the "Saved …" line; returns it. */
  async addPerson(name, role = 'tester') {
    await this.submitPerson(name, role);
    const line = this.peopleSavedLog()
      .getByRole('listitem')
      .filter({ hasText: new RegExp(`^(Saved ${escape(name)} \\(|Not saved: )`) });
    await line.first().waitFor({ timeout: 10_000 });
    return line.first().innerText();
  }

  /**
   * Submits the "Add person" form once per name, back to back, then after `delay` ms reads
   * the "People saved" log and reloads the page at once, and waits for the book to be open
   * again. Returns the log's lines at the moment of the reload.
   *
   * Done inside the page: Playwright's round trips per action (tens of ms) are longer than
   * a write, so a burst driven from here would always be saved before the reload.
   */
  async burstThenReload(names, delay) {
    const loaded = this.page.waitForEvent('load');
    const lines = await this.page.evaluate(
      async ({ names, delay }) => {
        const labelled = (text) =>
          document.getElementById(
            [...document.querySelectorAll('label')].find((l) => l.textContent === text).htmlFor,
          );
        const field = labelled('Name');
        const button = [...field.form.querySelectorAll('button')].find(
          (b) => b.textContent === 'Add person',
        );
        const log = document.querySelector('[aria-label="People saved"]');
        for (const name of names) {
          field.value = name;
          field.dispatchEvent(new Event('input', { bubbles: true }));
          button.click();
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        const seen = [...log.querySelectorAll('li')].map((li) => li.textContent);
        setTimeout(() => location.reload(), 0);
        return seen;
      },
      { names, delay },
    );
    await loaded;
    await this.waitForShell();
    await this.waitForBook();
    return lines;
  }

  /** The lines of the "People saved" log, in order. */
  savedLines() {
    return this.peopleSavedLog().getByRole('listitem').allInnerTexts();
  }

  /** The names in the "People in this book" list. */
  peopleNames() {
    return this.page.locator('.people__list .people__name').allInnerTexts();
  }

  /** Waits until every one of `names` is in the people list; returns those still missing. */
  async waitForPeople(names, timeout = 1_000) {
    try {
      await this.page.waitForFunction(
        (wanted) => {
          const shown = new Set(
            [...document.querySelectorAll('.people__list .people__name')].map((e) => e.textContent),
          );
          return wanted.every((name) => shown.has(name));
        },
        names,
        { timeout, polling: 20 },
      );
      return [];
    } catch {
      const shown = new Set(await this.peopleNames());
      return names.filter((name) => !shown.has(name));
    }
  }

  // ---- Storage in this browser ----

  async eventsInBook() {
    return Number(await this.page.locator('.storage__events').innerText());
  }

  /** Clicks "Check the stored book" and returns what it says once done. */
  async checkStoredBook() {
    await this.press('Check the stored book');
    const status = this.page.locator('.storage__check');
    await this.page.waitForFunction(
      (element) => /\.$/.test(element.textContent) && !element.textContent.startsWith('Checking'),
      await status.elementHandle(),
      { timeout: 15_000, polling: 20 },
    );
    return status.innerText();
  }

  // ---- Export and import ----

  /** Exports the book; resolves to { filename, text }. */
  async exportBook() {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.press('Export the book'),
    ]);
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return { filename: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }

  /** Exports one release named by its title; resolves to { filename, text }. */
  async exportRelease(title) {
    await this.page.getByLabel('Release to export on its own').fill(title);
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.press('Export this release'),
    ]);
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return { filename: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }

  /**
   * Imports a file (a path, or { name, mimeType, buffer }) and returns the message once the
   * import has finished.
   */
  async importFile(file) {
    // Records every text the message takes from now on: an import always shows "Importing
    // <file>…" first, so the result is the first other text after a change.
    await this.page.evaluate(() => {
      const element = document.querySelector('.transfer__message');
      window.__transferTexts = [];
      window.__transferObserver?.disconnect();
      window.__transferObserver = new MutationObserver(() =>
        window.__transferTexts.push(element.textContent),
      );
      window.__transferObserver.observe(element, { childList: true, subtree: true, characterData: true });
    });
    await this.page.getByLabel('Import a book file').setInputFiles(file);
    const handle = await this.page.waitForFunction(
      () => {
        const texts = window.__transferTexts;
        const last = texts[texts.length - 1];
        return texts.length > 0 && last !== '' && !last.startsWith('Importing ') && last;
      },
      null,
      { timeout: 30_000, polling: 20 },
    );
    await this.page.evaluate(() => window.__transferObserver.disconnect());
    return handle.jsonValue();
  }

  // ---- Forms closed until asked for ----

  /**
   * Opens the form of `scope` (a section) by the button that opens it ("Add a criterion",
   * "Edit the plan"), unless it is open already: a release page's forms stay closed until
   * asked for, and close again once saved.
   */
  async openForm(scope, name) {
    const button = scope.getByRole('button', { name, exact: true }).first();
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  }
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
