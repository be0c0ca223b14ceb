// Helpers for the case page (#/case/<id>) shared by the browser tests.
import assert from 'node:assert/strict';

// Opens the case by id or number and waits for it.
export async function openCase(page, id) {
  const hash = `#/case/${encodeURIComponent(id)}`;
  const same = await page.evaluate((h) => {
    document.querySelector('.case-page')?.setAttribute('data-stale', '');
    if (location.hash === h) return true;
    location.hash = h;
    return false;
  }, hash);
  if (same) await page.reload(); // the same hash loads nothing new by itself
  await page.locator('.case-page:not([data-stale]) [data-test=case-number]').waitFor();
}

// The actions the page offers, as their keys (take-in, handle …).
export async function actions(page) {
  await page.locator('[data-test=actions]').waitFor();
  return page.locator('[data-test=actions] [data-action]').evaluateAll((els) => els.map((e) => e.dataset.action));
}

// Opens the action's form (when it is not open already), lets fill() fill it, submits, checks the
// server said yes and waits for the page drawn anew from the answer with its success message.
export async function act(page, action, fill) {
  const button = page.locator(`[data-action=${action}]`);
  await button.waitFor();
  if (await page.locator(`form[data-form=${action}]`).count() === 0) await button.click();
  const form = page.locator(`form[data-form=${action}]`);
  await form.waitFor();
  if (fill) await fill(form);
  // Wait for the new page, not the old one's message.
  await page.evaluate(() => document.querySelector('.case-page').setAttribute('data-stale', ''));
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/${action}`)),
    form.locator('button[type=submit]').click(),
  ]);
  assert.equal(response.status(), 200, `${action}: ${await response.text()}`);
  await page.locator('.case-page:not([data-stale]) [data-test=flash].alert-success').waitFor();
}

export async function todo(page) {
  return (await page.locator('[data-test=case-todo]').textContent()).trim();
}

export async function status(page) {
  return (await page.locator('[data-test=case-status]').textContent()).trim();
}
