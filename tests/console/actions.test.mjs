// The case page's other actions: 补正告知 with materials from the item's list; 审核 退回
// back to 承办; 特别程序 and its end; 办结 不予 with reasons; and the server's refusals in Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { World } from './harness.mjs';
import { act, actions, openCase, status, todo } from './case_page.mjs';

let w;
let first;
let second;
let handler;
let reviewer;
let approver;
before(async () => {
  w = await World.start('actions');
  first = await w.room().forward({ item: 'MZJ-006', applicant: '陈玉梅' });
  second = await w.room().forward({ item: 'MZJ-006', applicant: '黄志强' });
  handler = await w.page();
  await handler.login('mzj-handler');
});
after(async () => { await w?.stop(); });

test('补正告知: materials from the item’s list and a note', async () => {
  await openCase(handler, first.caseId);
  await act(handler, 'take-in');
  assert.ok((await actions(handler)).includes('notify-missing'));
  await handler.locator('[data-action=notify-missing]').click();
  const form = handler.locator('form[data-form=notify-missing]');
  const boxes = form.locator('input[name=missing]');
  assert.ok(await boxes.count() >= 3, 'the case’s materials are offered');
  const material = await boxes.nth(2).getAttribute('value');

  // Nothing chosen: the form says so.
  await form.locator('button[type=submit]').click();
  await form.locator('[data-test=action-error] .alert-error', { hasText: '至少' }).waitFor();

  await act(handler, 'notify-missing', async (f) => {
    await f.locator('input[name=missing]').nth(2).check();
    await f.locator('textarea[name=note]').fill('户口簿复印件不清晰，请重新复印');
  });
  const missing = await handler.locator('[data-test=missing]').textContent();
  assert.ok(missing.includes(material), missing);
  assert.match(await status(handler), /补齐补正/);
  await handler.shot('notify-missing');
});

test('审核 退回 sends the case back to 承办; 承办 offers no 退回', async () => {
  await openCase(handler, second.caseId);
  await act(handler, 'take-in');
  await handler.shot('taken-in');
  await handler.locator('[data-action=handle]').click();
  assert.equal(await handler.locator('form[data-form=handle] input[value=return]').count(), 0);
  await act(handler, 'handle', (f) => f.locator('textarea[name=opinion]').fill('收入核查属实'));

  reviewer = await w.page();
  await reviewer.login('mzj-reviewer');
  await openCase(reviewer, second.caseId);
  await act(reviewer, 'review', async (f) => {
    await f.locator('input[value=return]').check();
    await f.locator('textarea[name=opinion]').fill('家庭财产核查不完整，请补充车辆信息');
  });
  assert.match(await todo(reviewer), /待承办/);
  const steps = await reviewer.locator('[data-test=steps] tbody tr').allTextContents();
  assert.equal(steps.length, 2);
  assert.match(steps[1], /审核退回|审核\s*退回/);
  await reviewer.shot('review-returned');

  await openCase(handler, second.caseId);
  await act(handler, 'handle', (f) => f.locator('textarea[name=opinion]').fill('已补充车辆信息，属实'));
  assert.equal(await handler.locator('[data-action=review]').count(), 0, 'a handler is not offered the review');
  // Nor may a handler review through the API: refused with a message for people.
  const csrf = (await handler.pageFetch('/console/api/me')).json.csrf;
  const own = await handler.pageFetch(`/console/api/cases/${encodeURIComponent(second.caseId)}/review`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    body: JSON.stringify({ pass: true, opinion: '同意' }),
  });
  assert.equal(own.status, 403);
  assert.match(own.json.error.message, /[\u4e00-\u9fff]/);

  await openCase(reviewer, second.caseId);
  await act(reviewer, 'review', (f) => f.locator('textarea[name=opinion]').fill('同意'));
  approver = await w.page();
  await approver.login('mzj-approver');
  await openCase(approver, second.caseId);
  await act(approver, 'approve', (f) => f.locator('textarea[name=opinion]').fill('同意，但需公示'));
});

test('特别程序 and its end', async () => {
  await approver.locator('[data-action=suspend]').click();
  const form = approver.locator('form[data-form=suspend]');
  await form.locator('button[type=submit]').click();
  await form.locator('[data-test=action-error] .alert-error').waitFor();
  await act(approver, 'suspend', async (f) => {
    await f.locator('select[name=kind]').selectOption('2');
    await f.locator('textarea[name=reason]').fill('低保对象名单公示');
    await f.locator('input[name=days]').fill('5');
    await f.locator('input[name=approver]').fill('民政局分管副局长');
  });
  assert.match(await status(approver), /挂起/);
  const section = approver.locator('[data-test=suspensions]');
  assert.match(await section.textContent(), /低保对象名单公示/);
  assert.match(await section.textContent(), /进行中/);
  assert.deepEqual(await actions(approver), ['resume']);
  await approver.shot('suspended');

  await act(approver, 'resume', (f) => f.locator('textarea[name=result]').fill('公示期满无异议'));
  assert.match(await status(approver), /在办/);
  assert.match(await approver.locator('[data-test=suspensions]').textContent(), /公示期满无异议/);
});

test('办结 不予 with reasons', async () => {
  const worker = (await actions(approver)).includes('complete') ? approver : handler;
  if (worker === handler) await openCase(handler, second.caseId);
  await act(worker, 'complete', async (f) => {
    await f.locator('select[name=outcome]').selectOption('denied');
    await f.locator('textarea[name=reasons]').fill('家庭人均收入高于当地最低生活保障标准\n家庭拥有机动车辆');
  });
  const done = await worker.locator('[data-test=completion]').textContent();
  assert.ok(done.includes('家庭拥有机动车辆'), done);
  assert.match(await status(worker), /办结/);
  await worker.shot('completed-denied');
});

test('no uncaught errors in the pages', () => {
  assert.deepEqual(w.pageErrors(), []);
});
