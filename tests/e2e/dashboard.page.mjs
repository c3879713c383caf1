// Page object for the dashboard: the panels a release manager reads first, named as the
// page names them (each panel is a region labelled by its heading).
import { BookPage } from './book.page.mjs';

export class DashboardPage extends BookPage {
  /** A panel of the dashboard by its heading. */
  panel(name) {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** The releases per status as shown: { 'Build and test': 1, ... }. */
  async statusCounts() {
    const links = this.panel('Releases by status').getByRole('link');
    // The counts are there once the book is open (while it opens the page says so).
    await links.first().waitFor();
    const counts = {};
    for (const link of await links.all()) {
      const name = await link.getAttribute('aria-label');
      const [, label] = /^(.+): \d+ releases?$/.exec(name) ?? [];
      counts[label] = Number(await link.innerText());
    }
    return counts;
  }

  /** The link of one status count, e.g. `Planning`. */
  statusLink(label) {
    return this.panel('Releases by status').getByRole('link', { name: new RegExp(`^${label}: \\d+ releases?$`) });
  }

  /** The cell of the "what is deployed where" grid for a service on an environment. */
  matrixCell(service, environment) {
    return this.panel('What is deployed where').getByRole('button', {
      name: new RegExp(`^${service} in ${environment}: .+, history$`),
    });
  }

  /** The versions shown in the grid: { Payments: { Test: '3.3', ... }, ... }. */
  async matrix() {
    const table = this.panel('What is deployed where').getByRole('table');
    const columns = (await table.getByRole('columnheader').allInnerTexts()).slice(1);
    const grid = {};
    for (const row of await table.getByRole('row').all()) {
      const header = row.getByRole('rowheader');
      if ((await header.count()) === 0) continue;
      const cells = await row.getByRole('cell').allInnerTexts();
      grid[await header.innerText()] = Object.fromEntries(columns.map((c, i) => [c, cells[i].trim()]));
    }
    return grid;
  }

  /** The deployment history disclosed by a cell. */
  history(service, environment) {
    return this.page.getByRole('region', { name: `${service} in ${environment}: deployment history` });
  }

  /** Acts as a person of the book from now on (the preferences the app reads), then reloads. */
  async actAs(id, name) {
    await this.page.evaluate(
      ([id, name]) => {
        localStorage.setItem('release-desk.person', JSON.stringify(id));
        localStorage.setItem('release-desk.display-name', JSON.stringify(name));
      },
      [id, name],
    );
    await this.reload();
  }

  /** The lines of "Approvals waiting for you". */
  waitingForMe() {
    return this.panel('Approvals waiting for you').getByRole('list', { name: 'Waiting for your decision' }).getByRole('listitem');
  }

  /** The lines of "Next deployment windows". */
  nextWindows() {
    return this.panel('Next deployment windows').getByRole('list', { name: 'Deployment windows' }).getByRole('listitem');
  }
}
