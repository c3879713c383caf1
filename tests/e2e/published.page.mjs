// Page object for the published, read-only view of a book (`?book=<url>`): the banner that
// says where the book comes from, when it was published and that its audit chain verifies,
// and the pages a stakeholder reads. Roles and labels only.
import { ReleasesPage } from './releases.page.mjs';

export class PublishedPage extends ReleasesPage {
  /** Opens the app at `query` (`?book=…`) and a page (`releases` …), waiting for the shell. */
  async openPublished(query, slug = '') {
    await this.page.goto(`${this.baseUrl}${query}${slug ? `#/${slug}` : ''}`);
    await this.waitForShell();
  }

  banner() {
    return this.page.getByRole('region', { name: 'Published book' });
  }

  /** Waits until the book is shown or refused; returns the banner's text. */
  async bannerText() {
    await this.banner()
      .getByRole('status')
      .filter({ hasText: 'Opening the published book' })
      .waitFor({ state: 'detached', timeout: 20_000 });
    return this.banner().innerText();
  }

  alert() {
    return this.banner().getByRole('alert');
  }

  /**
   * What the main area offers to act with: every visible form (filters of a list excepted:
   * they only choose what is shown), text field and button (a choice outside a form only
   * chooses what is shown), by its name, less the buttons that
   * only change what is shown or read (`Show oldest first`, `Verify the hash chain…`,
   * exports and downloads, the calendar's paging). Empty in a read-only book.
   */
  async actions() {
    const controls = await this.page
      .locator('main')
      .locator('form:not([role="search"]), button, input, textarea')
      .filter({ visible: true })
      .evaluateAll((elements) =>
        elements
          .filter((e) => !e.closest('form[role="search"]'))
          .map((e) => `${e.tagName.toLowerCase()}: ${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim()}`),
      );
    return controls.filter((c) => !READ_ONLY.test(c));
  }
}

const READ_ONLY = /^button: ((Show|Hide|Verify|Export|Download|Print|Previous|Next|Today|Copy|Sections)\b|.* view$|Agenda$)/;
