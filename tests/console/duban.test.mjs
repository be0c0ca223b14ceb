// 督办: with the server's clock past a case's due date, the supervisor issues a supervision notice
// on it; the 民政局 handler finds it on their 督办 screen and replies; the supervisor sees the reply.
// Another department does not see it; a notice not answered in time stands out; the poor-ratings
// list opens; the audit log holds the notice and the reply.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { World, go, flash } from './harness.mjs';

const DAY = 24 * 3600 * 1000;

let w;
let forwarded;
let sup;
let now;
before(async () => {
  w = await World.start('duban');
  forwarded = await w.room().forward({ item: 'MZJ-006', applicant: '陈玉梅' });
  // Three days past the case's due date: overdue (红牌).
  const s = await w.server.session('supervisor');
  const open = await s.call('GET', '/console/api/supervision/open');
  const row = open.cases.find((c) => c.caseId === forwarded.caseId);
  now = Date.parse(`${row.due}T10:00:00+08:00`) + 3 * DAY;
  await w.server.setClock(now);
  sup = await w.page();
  await sup.login('supervisor');
});
after(async () => { await w?.stop(); });

const noticeRow = (p) => p.locator(`tr[data-case-id="${forwarded.caseId}"]`);

test('the case is overdue on the supervision screen', async () => {
  await go(sup, '#/supervision', `tr[data-case-id="${forwarded.caseId}"]`);
  assert.equal(await sup.locator(`tr[data-case-id="${forwarded.caseId}"] .light`).getAttribute('data-light'), '5');
});

test('the supervisor issues a 督办 on the overdue case', async () => {
  await go(sup, '#/duban', '[data-form=issue]');
  assert.equal(await sup.locator('#nav a.active').textContent(), '督办');
  await sup.shot('duban-empty');
  const form = sup.locator('[data-form=issue]');

  // Checked before it goes out, and the server's answer for an unknown case.
  await form.getByRole('button', { name: '发出督办' }).click();
  assert.match(await form.locator('[data-test=form-error]').textContent(), /办件编号/);
  await form.locator('[name=caseId]').fill('421281-20200101-999999');
  await form.locator('[name=reason]').fill('测试');
  await form.getByRole('button', { name: '发出督办' }).click();
  await form.locator('[data-test=form-error] .alert-error', { hasText: '没有这个办件' }).waitFor();

  await form.locator('[name=caseId]').fill(forwarded.officialNumber);
  await form.locator('[name=reason]').fill('该办件已超过承诺办结时限，请说明原因并于答复期限内办结。');
  await form.locator('[name=replyDays]').fill('2');
  await form.getByRole('button', { name: '发出督办' }).click();
  await flash(sup, /已向民政局发出督办/);
  const row = noticeRow(sup);
  await row.waitFor();
  const text = await row.textContent();
  assert.ok(text.includes(forwarded.officialNumber));
  assert.ok(text.includes('城乡低保申请'));
  assert.ok(text.includes('民政局'));
  assert.ok(text.includes('待答复'));
  assert.ok(text.includes('supervisor'));
  assert.equal(await row.locator('a').getAttribute('href'), `#/case/${encodeURIComponent(forwarded.caseId)}`);
  await sup.shot('duban-issued');
});

test('another department does not see it', async () => {
  const rsj = await w.page();
  await rsj.login('rsj-handler');
  await go(rsj, '#/duban', '[data-test=reply-cards], table.grid');
  assert.equal(await noticeRow(rsj).count(), 0);
  assert.equal(await rsj.locator('[data-form=reply]').count(), 0);
  assert.equal(await rsj.locator('[data-form=issue]').count(), 0, 'departments do not issue');
  await rsj.close();
});

test('the 民政局 handler replies', async () => {
  const mzj = await w.page();
  await mzj.login('mzj-handler');
  assert.ok((await mzj.locator('#nav a').allTextContents()).includes('督办'));
  await go(mzj, '#/duban', '[data-form=reply]');
  assert.equal(await mzj.locator('[data-form=issue]').count(), 0);
  const card = mzj.locator('[data-test=reply-cards] [data-notice-id]');
  assert.equal(await card.count(), 1);
  assert.match(await card.textContent(), /超过承诺办结时限/);
  await mzj.shot('duban-handler-to-reply');

  await card.getByRole('button', { name: '提交答复' }).click();
  assert.match(await card.locator('[data-test=form-error]').textContent(), /答复内容/);
  await card.locator('[name=reply]').fill('入户调查因申请人外出务工延误，已于今日完成审核，明日办结。');
  await card.getByRole('button', { name: '提交答复' }).click();
  await flash(mzj, /已答复/);
  assert.equal(await mzj.locator('[data-form=reply]').count(), 0, 'nothing left to answer');
  assert.match(await noticeRow(mzj).locator('[data-test=reply]').textContent(), /入户调查/);
  await mzj.shot('duban-handler-replied');

  // A second reply is refused.
  const list = await mzj.pageFetch('/console/api/supervision/notices');
  const id = list.json.notices[0].id;
  const csrf = (await mzj.pageFetch('/console/api/me')).json.csrf;
  const again = await mzj.pageFetch(`/console/api/supervision/notices/${id}/reply`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{"reply":"again"}',
  });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'already_replied');
  await mzj.close();
});

test('the supervisor sees the reply', async () => {
  await go(sup, '#/duban', `tr[data-case-id="${forwarded.caseId}"]`);
  const row = noticeRow(sup);
  assert.match(await row.locator('[data-test=reply]').textContent(), /入户调查/);
  assert.match(await row.textContent(), /mzj-handler/);
  assert.match(await row.getAttribute('class'), /row-done/);
  await sup.locator('[data-filter=replied]').click();
  await sup.waitForFunction(() => location.hash.includes('show=replied'));
  await row.waitFor();
  await sup.shot('duban-replied');
});

test('a notice not answered by its reply date stands out', async () => {
  await go(sup, '#/duban', '[data-form=issue]');
  const form = sup.locator('[data-form=issue]');
  await form.locator('[name=caseId]').fill(forwarded.caseId);
  await form.locator('[name=reason]').fill('请尽快办结并反馈。');
  await form.locator('[name=replyDays]').fill('1');
  await form.getByRole('button', { name: '发出督办' }).click();
  await flash(sup, /已向民政局发出督办/);
  // The page judges the reply date by the browser's clock: a week after the server's now.
  await sup.clock.setFixedTime(now + 7 * DAY);
  await go(sup, '#/duban?show=overdue', 'tr[data-notice-id]');
  const late = sup.locator('tr[data-notice-id].row-problem');
  assert.equal(await late.count(), 1);
  assert.match(await late.textContent(), /逾期/);
  assert.equal(await sup.locator('tr[data-notice-id]').count(), 1, 'only the late one under 逾期未答复');
  await sup.shot('duban-overdue');
});

test('the poor ratings list opens', async () => {
  await go(sup, '#/poor', 'table.grid');
  assert.equal(await sup.locator('#nav a.active').textContent(), '差评整改');
  const api = await sup.pageFetch('/console/api/supervision/poor');
  assert.equal(api.status, 200);
  assert.equal(await sup.locator('tr[data-case-id]').count(), api.json.cases.length);
  await sup.shot('poor-ratings');
});

test('the audit log holds the notices and the reply', async () => {
  await go(sup, '#/audit', 'tr[data-seq]');
  const rows = await sup.locator('tr[data-seq]').evaluateAll((trs) => trs.map((r) => ({ action: r.dataset.action, ok: r.dataset.ok })));
  const actions = rows.map((r) => r.action);
  // The two notices issued, and the refused attempts (also audited).
  assert.equal(rows.filter((r) => r.action === 'supervision_notice' && r.ok === '1').length, 2);
  assert.ok(actions.includes('supervision_reply'));
  await sup.locator('#audit-search').fill('督办');
  assert.ok(await sup.locator('tr[data-seq]').count() >= 3);
  await sup.shot('audit-duban');
});

test('no uncaught errors in the pages', () => {
  assert.deepEqual(w.pageErrors(), []);
});
