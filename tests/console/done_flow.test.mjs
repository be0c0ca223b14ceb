// A case from a village room to 办结 and back: the room forwards a 城乡低保 case to the center's
// 民政局; mzj-handler takes it in and handles it, mzj-reviewer reviews, mzj-approver approves,
// then it is completed and replied through the console, and the room's device sees the reply.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { World } from './harness.mjs';
import { act, actions, openCase } from './case_page.mjs';

let w;
let forwarded;
before(async () => {
  w = await World.start('done_flow');
  forwarded = await w.room().forward({ item: 'MZJ-006', applicant: '王秀英' });
});
after(async () => { await w?.stop(); });

test('the forwarded case reaches 民政局', () => {
  assert.ok(forwarded.caseId);
  assert.ok(forwarded.officialNumber, 'the case has its official number');
  assert.equal(forwarded.department, '民政局');
});

test('mzj-handler: inbox → case → 收件 → 承办 通过', async () => {
  const page = await w.page();
  await page.login('mzj-handler');
  const row = page.locator(`tr[data-case-id="${forwarded.caseId}"]`);
  await row.waitFor();
  const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
  assert.equal(cells[0], forwarded.officialNumber);
  assert.equal(cells[1], '城乡低保申请');
  assert.equal(cells[2], '王秀英');
  assert.match(cells[5], /待收件/);
  assert.match(cells[7], /正常|预警|黄牌|红牌|严重违规/);
  await page.shot('inbox');

  await row.locator('td').nth(1).click();
  await page.locator('[data-test=case-number]').waitFor();
  assert.equal((await page.locator('[data-test=case-number]').textContent()).trim(), forwarded.officialNumber);
  assert.deepEqual(await actions(page), ['take-in']);
  await page.shot('case-awaiting-take-in');

  await act(page, 'take-in', (f) => f.locator('textarea[name=note]').fill('中心收件，材料齐全'));
  assert.match(await page.locator('[data-test=case-todo]').textContent(), /待承办/);
  assert.ok((await actions(page)).includes('handle'));

  // The opinion is required: the form says so before anything is sent.
  await page.locator('[data-action=handle]').click();
  const form = page.locator('form[data-form=handle]');
  await form.locator('button[type=submit]').click();
  await form.locator('[data-test=action-error] .alert-error', { hasText: '请填写承办意见' }).waitFor();
  await page.shot('handle-needs-opinion');

  await act(page, 'handle', (f) => f.locator('textarea[name=opinion]').fill('入户调查属实，符合低保条件'));
  assert.match(await page.locator('[data-test=case-todo]').textContent(), /待审核/);
  assert.ok(!(await actions(page)).includes('review'), 'the handler may not review');
  await page.shot('case-handled');
  await page.close();
});

test('mzj-reviewer: 审核 通过', async () => {
  const page = await w.page();
  await page.login('mzj-reviewer');
  await page.locator(`tr[data-case-id="${forwarded.caseId}"]`).waitFor();
  await openCase(page, forwarded.caseId);
  assert.ok((await actions(page)).includes('review'));
  await act(page, 'review', (f) => f.locator('textarea[name=opinion]').fill('同意'));
  assert.match(await page.locator('[data-test=case-todo]').textContent(), /待批准/);
  await page.shot('case-reviewed');
  await page.close();
});

test('mzj-approver: 批准 通过 → 办结 准予 → 反馈', async () => {
  const page = await w.page();
  await page.login('mzj-approver');
  await openCase(page, forwarded.officialNumber); // by number this time
  assert.ok((await actions(page)).includes('approve'));
  await act(page, 'approve', (f) => f.locator('textarea[name=opinion]').fill('批准'));
  assert.match(await page.locator('[data-test=case-todo]').textContent(), /待办结/);
  await page.shot('case-approved');

  // 办结 by whoever the server allows now (the approver, or else the handler).
  let worker = page;
  if (!(await actions(page)).includes('complete')) {
    await page.close();
    worker = await w.page();
    await worker.login('mzj-handler');
    await openCase(worker, forwarded.caseId);
  }
  assert.ok((await actions(worker)).includes('complete'));
  await worker.locator('[data-action=complete]').click();
  const form = worker.locator('form[data-form=complete]');
  // 不予 asks for reasons instead of the result.
  await form.locator('select[name=outcome]').selectOption('denied');
  assert.equal(await form.locator('input[name=resultName]').isVisible(), false);
  await form.locator('button[type=submit]').click();
  await form.locator('[data-test=action-error] .alert-error', { hasText: '理由' }).waitFor();
  await worker.shot('complete-denied-needs-reasons');
  await act(worker, 'complete', async (f) => {
    await f.locator('select[name=outcome]').selectOption('approved');
    await f.locator('input[name=resultName]').fill('最低生活保障金领取证');
    await f.locator('input[name=resultNumber]').fill('DB-2026-0001');
  });
  await worker.locator('[data-test=completion]').waitFor();
  assert.match(await worker.locator('[data-test=completion]').textContent(), /最低生活保障金领取证/);
  assert.match(await worker.locator('[data-test=case-status]').textContent(), /办结/);
  assert.match(await worker.locator('[data-test=case-todo]').textContent(), /待反馈/);
  await worker.shot('case-completed');

  // A refusal comes back with the server's message: 反馈 twice (the second one is refused by a
  // second page that still shows the old case).
  const stale = await w.page();
  await stale.login(worker === page ? 'mzj-approver' : 'mzj-handler');
  await openCase(stale, forwarded.caseId);

  await act(worker, 'reply', (f) => f.locator('textarea[name=note]').fill('请通知申请人领取'));
  await worker.shot('case-replied');
  assert.ok(!(await actions(worker)).includes('reply'));

  if ((await actions(stale)).includes('reply')) {
    await stale.locator('[data-action=reply]').click();
    const f = stale.locator('form[data-form=reply]');
    await f.locator('button[type=submit]').click();
    const err = f.locator('[data-test=action-error] .alert-error');
    await err.waitFor();
    assert.match(await err.textContent(), /[\u4e00-\u9fff]/, 'the refusal is shown in Chinese');
    await stale.shot('reply-refused');
  }
  await stale.close();

  // The timeline tells who did what, where and when.
  const timeline = await worker.locator('[data-test=timeline]').textContent();
  for (const word of ['受理', '转报', '收件(上级)', '办结', '反馈']) assert.ok(timeline.includes(word), `timeline has ${word}`);
  await worker.close();
});

test('the room sees the center’s reply', async () => {
  const seen = await w.room().sync({ untilReplied: forwarded.caseId });
  assert.equal(seen.caseId, forwarded.caseId);
  assert.equal(seen.replied, true);
  assert.ok(seen.outcome, 'the outcome arrived');
});

test('no uncaught errors in the pages', () => {
  assert.deepEqual(w.pageErrors(), []);
});
