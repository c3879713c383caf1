// Page object for honest gates: a wave's start refused outside its window with the
// domain's reason, the emergency override that lets it start, and a walk through every
// action a person is offered on every release of the demo book.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DIST } from './harness.mjs';
import { ReleaseDeployPage } from './release_deploy.page.mjs';

/** The demo book's releases: [{ id, name, title }] in the order they were created. */
export async function demoReleases() {
  const document = JSON.parse(await readFile(join(DIST, 'demo-book.json'), 'utf8'));
  return document.events
    .filter((e) => e.what?.create_release)
    .map((e) => {
      const r = e.what.create_release;
      return { id: e.id, name: r.details.name, title: `${r.details.name} v${r.version}` };
    });
}

/** The window of a wave of the demo book: { start, end } as Dates. */
export async function demoWave(release, wave) {
  const document = JSON.parse(await readFile(join(DIST, 'demo-book.json'), 'utf8'));
  let found;
  for (const e of document.events) {
    const c = e.what?.release?.change;
    if (e.what?.release?.id !== release) continue;
    const plan = c?.add_wave?.plan ?? c?.edit_wave?.plan;
    if (plan?.name === wave) found = plan.window;
  }
  if (!found) throw new Error(`no wave ${wave}`);
  return { start: new Date(found.start), end: new Date(found.end) };
}

export class HonestGatesPage extends ReleaseDeployPage {
  /** The reason shown under a disabled action button, by the button's name. */
  async reasonFor(scope, name) {
    const button = scope.getByRole('button', { name, exact: true });
    const id = await button.getAttribute('aria-describedby');
    if (!id) return null;
    return this.page.locator(`[id="${id}"]`).innerText();
  }

  /** Goes to a release's page without reloading the app, and waits for its title. */
  async goToRelease(release) {
    await this.page.evaluate((id) => {
      location.hash = `#/releases/${encodeURIComponent(id)}`;
    }, release.id);
    await this.page.getByRole('heading', { level: 1 }).filter({ hasText: release.name }).waitFor({ timeout: 10_000 });
    await this.section('Deployment waves').waitFor({ timeout: 10_000 });
  }

  /**
   * The next action offered on the page's main content that is not in `done`: an enabled
   * button that acts at once (outside forms, whose submit needs what the person types),
   * folded-away parts opened first. Marks it for `clickMarked`; resolves to its name.
   */
  nextOffer(done) {
    return this.page.evaluate((done) => {
      const main = document.querySelector('main') ?? document.body;
      for (const d of main.querySelectorAll('details')) d.open = true;
      for (const b of main.querySelectorAll('[data-walk]')) delete b.dataset.walk;
      const next = [...main.querySelectorAll('button')].find(
        (b) => !b.disabled && b.type === 'button' && b.getClientRects().length > 0 && !b.closest('form') && !done.includes(b.textContent.trim()),
      );
      if (!next) return null;
      next.dataset.walk = 'next';
      return next.textContent.trim();
    }, done);
  }

  /** The refusals shown on the page now (an action's outcome). */
  refusals() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('main .act__error')].map((e) => e.textContent.trim()).filter(Boolean),
    );
  }

  /**
   * Clicks every action offered on the page, one after the other (each on the book as the
   * one before left it), and returns the refusals seen: [{ action, refusal }].
   */
  async clickEveryOffer(limit = 12) {
    const clicked = new Set();
    const refused = [];
    for (let n = 0; n < limit; n += 1) {
      const next = await this.nextOffer([...clicked]);
      if (next === null) break;
      clicked.add(next);
      const before = await this.refusals();
      await this.page.locator('[data-walk="next"]').click({ timeout: 5_000 });
      await this.page.waitForFunction(() => !document.querySelector('main .act__busy'), null, { timeout: 10_000 });
      const after = await this.refusals();
      for (const refusal of after.filter((r) => !before.includes(r))) refused.push({ action: next, refusal });
    }
    return { clicked: [...clicked], refused };
  }
}
