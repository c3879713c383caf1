// Page object for sharing the book through a file host: the "Sync with a file host" panel
// on the Settings page (address, sign-in, time-out, Save, Test connection, Sync now, what
// the last sync did, what waits to go up, open conflicts), the header's "Sync:" link, and
// the published read-only view opened with `?book=<address>`. Named as the person sees
// them: roles and labels.
import { ReleaseDeployPage } from './release_deploy.page.mjs';

export const SYNC_SECTION = 'Sync with a file host';

export class SyncPage extends ReleaseDeployPage {
  /**
   * The demo book's release ids are read from the app's own demo-book.json once, while
   * online, so releases can be opened later with the network cut.
   */
  async releaseId(name) {
    this.demo ??= JSON.parse(await this.page.evaluate(async () => (await fetch('demo-book.json')).text()));
    const created = this.demo.events.find((e) => e.what?.create_release?.details?.name === name);
    if (!created) throw new Error(`the demo book has no release named ${name}`);
    return created.id;
  }

  /** Cuts this laptop's network (true) or gives it back (false). */
  async offline(cut) {
    await this.page.context().setOffline(cut);
  }

  // ---- The panel ----

  /** The panel: the region its heading names. */
  panel() {
    return this.page.getByRole('region', { name: SYNC_SECTION, exact: true });
  }

  /** Opens Settings scrolled to the panel. */
  async openPanel() {
    await this.open('settings?section=sync');
    await this.panel().getByRole('heading', { name: SYNC_SECTION }).waitFor({ timeout: 15_000 });
  }

  /**
   * Fills the settings and saves them. `address`: the sync address; `auth`: null or
   * { user, password } or { token }; `timeout` in seconds; `automatic` sync when online;
   * `privateBook`: leave the book private (encrypted on the host, the default for a new
   * shared book) — otherwise it is shared as a public book, as these tests read the host.
   */
  async configure({ address, auth = null, timeout = 20, automatic = false, remember = false, privateBook = false }) {
    await this.openPanel();
    const panel = this.panel();
    await panel.getByLabel('Sync address', { exact: true }).fill(address);
    const signIn = panel.getByLabel('Sign-in', { exact: true });
    if (auth?.token) {
      await signIn.selectOption({ label: 'Token' });
      await panel.getByLabel('Token', { exact: true }).fill(auth.token);
    } else if (auth) {
      await signIn.selectOption({ label: 'User name and password' });
      await panel.getByLabel('User name', { exact: true }).fill(auth.user);
      await panel.getByLabel('Password', { exact: true }).fill(auth.password);
    } else {
      await signIn.selectOption({ label: 'None' });
    }
    await panel.getByLabel('Remember the credentials on this device').setChecked(remember);
    await panel.getByLabel('Sync automatically when online').setChecked(automatic);
    await panel.getByLabel('Time-out in seconds').fill(String(timeout));
    await this.pressIn(panel, 'Save sync settings');
    if (!privateBook) await this.sharePublic();
  }

  /** Chooses a public book (not encrypted), unless the panel already says it is one. */
  async sharePublic() {
    const panel = this.panel();
    const state = panel.getByText(/^(Private|Public)/);
    await state.waitFor();
    if (/^Public: /.test(await state.innerText())) return;
    await this.pressIn(panel, 'Share as a public book (not encrypted)');
    await panel.getByText('Public: anyone who can read the host can read this book.').waitFor();
  }

  /** Presses a button of `scope` with the keyboard (see BookPage.press). */
  pressIn(scope, name) {
    return scope.getByRole('button', { name, exact: true }).press('Enter');
  }

  /**
   * Presses `button` (Sync now, Test connection) and waits for its outcome: resolves to
   * { status, alert } as the panel shows them once it is done (status: the role=status
   * line; alert: the role=alert paragraph, '' when none).
   */
  async runAndWait(button, done) {
    const panel = this.panel();
    const handle = await panel.elementHandle();
    await this.page.evaluate((element) => {
      const read = () => ({
        status: [...element.querySelectorAll('[role=status]')]
          .map((e) => e.textContent.trim())
          .filter(Boolean)
          .join('\n'),
        alert: [...element.querySelectorAll('[role=alert]')]
          .map((e) => e.textContent.trim())
          .filter(Boolean)
          .join('\n'),
      });
      window.__syncSeen = [];
      window.__syncObserver?.disconnect();
      window.__syncObserver = new MutationObserver(() => window.__syncSeen.push(read()));
      window.__syncObserver.observe(element, { childList: true, subtree: true, characterData: true, attributes: true });
    }, handle);
    await this.pressIn(panel, button);
    const result = await this.page.waitForFunction(
      (pattern) => {
        const done = new RegExp(pattern, 'm');
        return window.__syncSeen.find(
          (seen) => !/Syncing|Testing|Connecting/.test(seen.status) && (seen.alert !== '' || done.test(seen.status)),
        );
      },
      done.source,
      { timeout: 30_000, polling: 20 },
    );
    await this.page.evaluate(() => window.__syncObserver.disconnect());
    return result.jsonValue();
  }

  /** Presses "Sync now" and resolves to { status, alert } once the sync is over. */
  syncNow() {
    return this.runAndWait('Sync now', /^Synced: /);
  }

  /** Presses "Sync now" and fails unless the sync succeeded; resolves to the status line. */
  async syncOk() {
    const { status, alert } = await this.syncNow();
    if (alert) throw new Error(`the sync failed: ${alert}`);
    return status.split('\n').find((line) => line.startsWith('Synced: '));
  }

  /** Presses "Test connection" and resolves to { status, alert }. */
  testConnection() {
    return this.runAndWait('Test connection', /^Connected: /);
  }

  /** N in "Changes waiting to go up: N". */
  async waiting() {
    const text = await this.panel().getByText(/^Changes waiting to go up: \d+/).innerText();
    return Number(/\d+/.exec(text)[0]);
  }

  /** N in "Open conflicts: N". */
  async openConflicts() {
    const text = await this.panel().getByText(/^Open conflicts: \d+/).innerText();
    return Number(/\d+/.exec(text)[0]);
  }

  /** "Last synced: …" or "Never synced". */
  lastSynced() {
    return this.panel().getByText(/^(Last synced: |Never synced)/).innerText();
  }

  /** The header's "Sync: …" link. */
  headerLink() {
    return this.page.getByRole('link', { name: /^Sync:/ });
  }

  /** The ids of every event of the book, sorted (from an export, on the Settings page). */
  async eventIds() {
    await this.openPanel();
    const { text } = await this.exportBook();
    return JSON.parse(text)
      .events.map((event) => event.id)
      .sort();
  }

  /** The events of the book, as an export holds them, sorted by id. */
  async events() {
    await this.openPanel();
    const { text } = await this.exportBook();
    return JSON.parse(text).events.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  // ---- Changes made on a laptop ----

  /** As the current person, notifies "fully operational" on a release in early life support. */
  async notifyFullyOperational(release) {
    await this.openRelease(release);
    const ops = this.section('Early life support');
    await this.click(ops, 'Notify: fully operational, SLAs enforced');
    await ops.getByText(/^Notified by /).nth(1).waitFor();
  }

  /** Raises a risk on a release (anyone may). */
  async raiseRisk(release, title) {
    await this.openRelease(release);
    const risks = this.section('Risks');
    await this.expand(risks, 'Raise a risk');
    const form = risks.getByRole('form', { name: 'Raise a risk' });
    await form.getByLabel('What could go wrong').fill(title);
    await form.getByLabel('Likelihood').selectOption('3');
    await form.getByLabel('Impact').selectOption('3');
    await form.getByLabel('Owner').fill('Olga Okafor');
    await form.getByLabel('Mitigation').fill('Watch it');
    await this.click(form, 'Raise the risk');
    await risks.getByRole('listitem', { name: `Risk: ${title}` }).waitFor();
  }

  /** The names of a release's risks, as listed. */
  async risks(release) {
    await this.openRelease(release);
    return this.entries('Risks');
  }

  // ---- The published, read-only view ----

  /** Opens the app as `?book=<address>` and waits until the book is shown (or refused). */
  async openPublished(address) {
    // Every later open(slug) keeps the query: the app stays in the published view.
    this.baseUrl = `${new URL(this.baseUrl).href.split(/[?#]/)[0]}?book=${encodeURIComponent(address)}`;
    await this.page.goto(this.baseUrl);
    await this.waitForShell();
    await this.publishedBanner().waitFor({ timeout: 15_000 });
    await this.publishedBanner()
      .getByRole('status')
      .filter({ hasText: 'Opening the published book' })
      .waitFor({ state: 'detached', timeout: 20_000 });
  }

  publishedBanner() {
    return this.page.getByRole('region', { name: 'Published book' });
  }
}
