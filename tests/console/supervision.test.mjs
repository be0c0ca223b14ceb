// 电子监察: a forwarded case is green at first; with the server's clock moved past its due date
// the supervisor's screen shows it with 红牌, and far past it with 严重违规. The sync monitor then
// shows the room offline for days. Supervisors read cases but have no actions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { World, ROOM } from './harness.mjs';

const DAY = 24 * 3600 * 1000;

let w;
let forwarded;
let page;
before(async () => {
  w = await World.start('supervision');
  forwarded = await w.room().forward({ item: 'MZJ-006', applicant: '张三' });
  page = await w.page();
  await page.login('supervisor');
});
after(async () => { await w?.stop(); });

// Loads the screen afresh. Sessions expire by the server's clock: after the clock has moved
// weeks ahead the page asks to sign in again.
async function showSupervision(hash = '#/supervision') {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.reload(); // the same hash does not load again without it
  const screen = page.locator('.light-counts .light-count, #login-user');
  await screen.first().waitFor();
  if (await page.locator('#login-user').isVisible()) {
    await page.shot('session-expired-by-clock');
    await page.login('supervisor');
  }
  await page.locator('.light-counts .light-count').first().waitFor();
}

function row() {
  return page.locator(`tr[data-case-id="${forwarded.caseId}"]`);
}

async function countOf(light) {
  return Number(await page.locator(`.light-count[data-light="${light}"] .count`).textContent());
}

let due;
test('a fresh case is listed with a green light', async () => {
  await showSupervision();
  await row().waitFor();
  const light = row().locator('.light');
  assert.equal(await light.getAttribute('data-light'), '0');
  assert.equal((await light.textContent()).trim(), '正常');
  assert.equal(await countOf(0), 1);
  await page.shot('supervision-green');

  const api = await page.pageFetch('/console/api/supervision/open');
  assert.equal(api.status, 200);
  const r = api.json.cases.find((c) => c.caseId === forwarded.caseId);
  assert.ok(r, 'the case is open');
  assert.match(r.due, /^\d{4}-\d{2}-\d{2}$/);
  due = r.due;
});

test('a few days past its due date the case has a red card', async () => {
  // Three calendar days: one working day late or more, and fewer than the five of 严重违规.
  await w.server.setClock(Date.parse(`${due}T12:00:00+08:00`) + 3 * DAY);
  await showSupervision();
  await row().waitFor();
  const light = row().locator('.light');
  assert.equal(await light.getAttribute('data-light'), '5');
  assert.equal((await light.textContent()).trim(), '红牌');
  assert.equal(await countOf(5), 1);
  assert.match(await row().textContent(), /超过/, 'the reason is shown');
  await page.shot('supervision-red');

  // The light filter and the filters the server applies.
  await page.locator('.light-count[data-light="5"]').click();
  await page.waitForFunction(() => location.hash.includes('light=5'));
  await row().waitFor();
  await page.shot('supervision-red-only');
  await showSupervision('#/supervision?department=%E4%BA%BA%E7%A4%BE%E5%B1%80'); // 人社局
  assert.equal(await row().count(), 0, '人社局 does not hold the case');
  await showSupervision(`#/supervision?department=%E6%B0%91%E6%94%BF%E5%B1%80&site=${ROOM}&item=MZJ-006`); // 民政局
  await row().waitFor();
  // By kind of problem, through the form.
  await showSupervision('#/supervision?problem=suspension');
  assert.equal(await row().count(), 0, 'no 特别程序 here');
  await page.locator('#f-problem').selectOption('overdue');
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForFunction(() => location.hash.includes('problem=overdue'));
  await row().waitFor();
  await page.shot('supervision-overdue');
});

test('the supervisor reads the case without actions', async () => {
  await row().locator('td').nth(2).click();
  await page.locator('[data-test=case-number]').waitFor();
  await page.locator('[data-test=no-actions]').waitFor();
  assert.equal(await page.locator('[data-action]').count(), 0);
  assert.equal(await page.locator('.case-page .light[data-light="5"]').count(), 1);
  await page.shot('case-read-only-red');
});

test('far past its due date it is a serious violation', async () => {
  await w.server.setClock(Date.parse(`${due}T12:00:00+08:00`) + 60 * DAY);
  await showSupervision();
  await row().waitFor();
  assert.equal(await row().locator('.light').getAttribute('data-light'), '6');
  assert.equal((await row().locator('.light').textContent()).trim(), '严重违规');
  await page.shot('supervision-severe');
});

test('the sync monitor shows the room offline for days', async () => {
  await page.evaluate(() => { location.hash = '#/sync'; });
  const site = page.locator(`tr[data-site="${ROOM}"]`);
  await site.waitFor();
  const offline = site.locator('.offline');
  assert.ok(Number(await offline.getAttribute('data-offline')) >= 3, await offline.textContent());
  assert.match(await site.textContent(), /testclient|车埠/);
  await page.shot('sync-monitor', { fullPage: false }); // 205 sites: the top is enough
  await page.locator('#sync-devices').check();
  await site.waitFor();
  assert.ok(await page.locator('tr[data-site]').count() >= 1);
  await page.shot('sync-monitor-devices-only', { fullPage: false });
});

test('no uncaught errors in the pages', () => {
  assert.deepEqual(w.pageErrors(), []);
});
