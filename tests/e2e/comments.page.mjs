// Page object for comments, mentions and search: a thread on the release page, the
// dashboard's "Mentions waiting for you", the header's search box and the search page.
// Named as a person sees them (roles and labels).
import { CalendarPage } from './calendar.page.mjs';
import { releaseIdByTitle } from './release.page.mjs';

export class CommentsPage extends CalendarPage {
  /** Opens the page of the release titled `title`. */
  async openRelease(title) {
    const id = await releaseIdByTitle(this, title);
    await this.open(`releases/${encodeURIComponent(id)}`);
    await this.page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  /** The thread "Comments on <what>" (what: "the plan", "the release"…), opened. */
  async thread(what) {
    const summary = this.page.locator('summary').filter({ hasText: `Comments on ${what} (` });
    const thread = this.page.locator('details.comments').filter({ has: summary });
    if ((await thread.getAttribute('open')) === null) await summary.click();
    return thread;
  }

  /** Types `text` into a thread's comment box; `@`-words are picked from the suggestions
   * (`mentions`: the people's names as the suggestions show them). */
  async writeComment(thread, parts) {
    const box = thread.getByLabel('Your comment');
    for (const part of parts) {
      if (typeof part === 'string') {
        await box.pressSequentially(part);
      } else {
        await box.pressSequentially(`@${part.type}`);
        const suggestions = thread.getByRole('group', { name: 'People to mention' });
        await suggestions.getByRole('button', { name: part.pick }).click();
      }
    }
  }

  async post(thread) {
    await thread.getByRole('button', { name: 'Post the comment' }).click();
  }

  /** The comments of a thread, as list items named "Comment by <name>, <time>". */
  comments(thread) {
    return thread.getByRole('listitem').filter({ has: this.page.locator('.comments__text') });
  }

  /** The dashboard's list of mentions waiting for the person here. */
  async mentionsForMe() {
    await this.open('dashboard');
    const panel = this.page.getByRole('region', { name: 'Mentions waiting for you' });
    await panel.waitFor();
    return panel;
  }

  /** Searches from the header's box, as a person presses Enter. */
  async search(words) {
    const box = this.page.getByRole('searchbox', { name: /Search releases, risks, people and comments/ });
    await box.fill(words);
    await box.press('Enter');
    await this.page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    const results = this.page.getByRole('list', { name: 'Results' });
    await this.page.getByRole('status').filter({ hasText: `for “${words}”` }).waitFor();
    return results;
  }
}
