// Administration: the admin edits an item's promised limit and consult phone and saves a draft,
// a bad edit shows the server's reason and saves nothing, publishing puts the new phone on the
// public catalog, suspending shows 暂停; a new item starts as a draft; a department user created
// here can sign in; an enrollment code is shown once and a device is revoked; a holiday is added;
// supervisors see all of it read-only; the audit log lists the changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { World, ROOM, go, flash } from './harness.mjs';

const ITEM = 'MZJ-006'; // 城乡低保申请: legal 30, promised 20, steps 15 + 3 + 2
const NEW_PHONE = '0715-5329876';

let w;
let page;
before(async () => {
  w = await World.start('admin');
  await w.room().forward({ item: ITEM, applicant: '周建国' }); // enrolls the room's device
  page = await w.page();
  await page.login('admin');
});
after(async () => { await w?.stop(); });

async function editTab() {
  await page.locator('[data-tab=edit]').click();
  await page.locator('[data-test=item-form]').waitFor();
}

async function saveDraftExpectingError() {
  await page.locator('[data-test=save-draft]').click();
  const err = page.locator('[data-form=item] [data-test=form-error] .alert-error');
  await err.waitFor();
  return err;
}

test('the catalog lists the items with their status and finds one', async () => {
  await go(page, '#/catalog', 'tr[data-item-id]');
  assert.ok(await page.locator('tr[data-item-id]').count() >= 50);
  assert.equal(await page.locator('#nav a.active').textContent(), '事项目录');
  const row = page.locator(`tr[data-item-id="${ITEM}"]`);
  assert.equal(await row.locator('.badge').getAttribute('data-status'), 'active');
  await page.shot('catalog-list', { fullPage: false });
  await page.locator('#cat-search').fill('低保');
  await page.waitForFunction(() => document.querySelectorAll('tr[data-item-id]').length < 10);
  assert.equal(await row.count(), 1);
  await page.shot('catalog-search');
});

test('the item page shows the published 八公开 and its versions', async () => {
  await page.locator(`tr[data-item-id="${ITEM}"] a`).click();
  await page.locator('[data-test=item-view]').waitFor();
  const view = await page.locator('[data-test=item-view]').textContent();
  for (const s of ['设定依据', '申请条件', '申请材料', '家庭成员居民身份证', '审查要点', '办理流程和时限', '承办', '法定办结时限',
    '不收费', '办理层级和方式', '村级受理—转中心', '办理地点', '咨询电话', '0715-5326101', '监督电话']) {
    assert.ok(view.includes(s), s);
  }
  assert.match(await page.locator('[data-test=promised]').textContent(), /20 个工作日/);
  assert.equal(await page.locator('[data-test=versions] tbody tr').count(), 1);
  await page.shot('item-published');
});

test('a charged item shows its fee items, editable as rows', async () => {
  await go(page, '#/catalog/GSG-001', '[data-test=item-view]'); // 用水报装
  const view = await page.locator('[data-test=item-view]').textContent();
  assert.ok(view.includes('居民用户接水工程费'));
  assert.ok(view.includes('1200.00 元'));
  assert.ok(view.includes('收费依据'));
  await editTab();
  const fee = page.locator('tr[data-row=fee]');
  assert.equal(await fee.count(), 1);
  assert.equal(await fee.locator('[name=f-amount]').inputValue(), '1200.00');
  assert.equal(await page.locator('[name=charged]').isChecked(), true);
  await page.locator('[data-rows=fees]').scrollIntoViewIfNeeded();
  await page.shot('item-edit-fees', { fullPage: false });
  await go(page, `#/catalog/${ITEM}`, '[data-test=item-view]');
});

test('an edit of the promised limit and the phone is saved as a draft', async () => {
  await editTab();
  const form = page.locator('[data-form=item]');
  assert.equal(await form.locator('[name=promisedLimitDays]').inputValue(), '20');
  assert.equal(await form.locator('tr[data-row=material]').count(), 6);
  await page.shot('item-edit-form');
  await form.locator('[name=promisedLimitDays]').fill('25');
  await form.locator('[name=consultPhone]').fill(NEW_PHONE);
  await page.locator('[data-test=save-draft]').click();
  await flash(page, /草稿已保存/);
  // The saved draft is shown to be checked, next to the publish button.
  assert.equal(await page.locator('[data-tab=draft].active').count(), 1);
  assert.equal((await page.locator('[data-test=consult-phone]').textContent()).trim(), NEW_PHONE);
  assert.match(await page.locator('[data-test=promised]').textContent(), /25 个工作日/);
  assert.equal(await page.locator('[data-test=publish]').count(), 1);
  const changes = page.locator('[data-test=draft-changes]');
  assert.match(await changes.locator('[data-field=promisedLimitDays]').textContent(), /20 → 25/);
  assert.match(await changes.locator('[data-field=consultPhone]').textContent(), new RegExp(`0715-5326101 → ${NEW_PHONE}`));
  assert.equal(await changes.locator('li').count(), 2, 'nothing else changed');
  await page.shot('item-draft-saved');
  await editTab();
  assert.equal(await page.locator('[name=consultPhone]').inputValue(), NEW_PHONE, 'the form edits the draft');

  const api = await page.pageFetch(`/console/api/catalog/items/${ITEM}`);
  assert.equal(api.json.draft.promisedLimitDays, 25);
  assert.equal(api.json.draft.consultPhone, NEW_PHONE);
  assert.equal(api.json.draftBy, 'admin');
  assert.equal(api.json.published.consultPhone, '0715-5326101', 'the published version is unchanged');
});

test('a bad edit shows the server\'s reason and saves nothing', async () => {
  const form = page.locator('[data-form=item]');
  // The promised limit must be shorter than the legal one (30).
  await form.locator('[name=promisedLimitDays]').fill('35');
  let err = await saveDraftExpectingError();
  let text = await err.textContent();
  assert.match(text, /promisedLimitDays/, 'the server\'s own words');
  assert.match(text, /应短于法定办结时限/);
  await err.scrollIntoViewIfNeeded();
  await page.shot('item-bad-promised-limit', { fullPage: false });

  // The step limits (15 + 3 + 2 = 20) must fit in the promised limit.
  await form.locator('[name=promisedLimitDays]').fill('18');
  assert.match(await page.locator('[data-test=step-sum]').textContent(), /超过承诺时限/);
  err = await saveDraftExpectingError();
  text = await err.textContent();
  assert.match(text, /step limits add up to 20/);
  assert.match(text, /超过了承诺办结时限 18 个工作日/);
  await page.shot('item-bad-step-limits', { fullPage: false });

  // A required field left empty.
  await form.locator('[name=promisedLimitDays]').fill('25');
  await form.locator('tr[data-row=material]').first().locator('[name=m-review]').fill('');
  err = await saveDraftExpectingError();
  assert.match(await err.textContent(), /第 1 项材料的审查要点」不能为空/);

  const api = await page.pageFetch(`/console/api/catalog/items/${ITEM}`);
  assert.equal(api.json.draft.promisedLimitDays, 25, 'the saved draft is still the good one');
  assert.ok(api.json.draft.materials[0].reviewPoints.length > 0);
});

test('publishing makes the draft the next version; the public catalog shows the new phone', async () => {
  await go(page, `#/catalog/${ITEM}`, '[data-test=publish]');
  assert.equal(await page.locator('[data-test=draft-note]').count(), 1);
  await page.locator('[data-test=publish]').click();
  await flash(page, /已发布第 2 版/);
  assert.equal(await page.locator('[data-test=publish]').count(), 0, 'no draft any more');
  assert.equal(await page.locator('[data-test=versions] tbody tr').count(), 2);
  assert.equal((await page.locator('[data-test=consult-phone]').textContent()).trim(), NEW_PHONE);
  assert.match(await page.locator('[data-test=promised]').textContent(), /25 个工作日/);
  await page.shot('item-published-v2');

  const pub = await w.page();
  await pub.open(`/public/catalog#${ITEM}`);
  await pub.locator('[data-test=item-name]').waitFor();
  const detail = await pub.locator('#c-detail').textContent();
  assert.ok(detail.includes(NEW_PHONE), 'the new consult phone');
  assert.ok(!detail.includes('0715-5326101'), 'not the old one');
  assert.match(await pub.locator('[data-test=promised]').textContent(), /25/);
  await pub.shot('public-catalog-new-phone');
  await pub.close();
});

test('the admin suspends the item: the badge shows 暂停', async () => {
  await page.locator('[data-status-action=suspended]').click();
  const dialog = page.locator('dialog.dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /暂停办理/);
  await page.shot('item-suspend-confirm', { fullPage: false });
  await dialog.locator('[data-test=confirm-ok]').click();
  await flash(page, /已暂停/);
  assert.equal(await page.locator('[data-test=item-title] .badge').getAttribute('data-status'), 'suspended');
  assert.equal((await page.locator('[data-test=item-title] .badge').textContent()).trim(), '暂停');
  assert.equal(await page.locator('[data-status-action=active]').count(), 1, 'it can be resumed');
  await page.shot('item-suspended');

  await go(page, '#/catalog?q=%E4%BD%8E%E4%BF%9D', `tr[data-item-id="${ITEM}"]`);
  const badge = page.locator(`tr[data-item-id="${ITEM}"] .badge`);
  assert.equal(await badge.getAttribute('data-status'), 'suspended');
  assert.equal((await badge.textContent()).trim(), '暂停');
  await page.shot('catalog-suspended');
});

test('a new item is completed in the form and saved as a draft', async () => {
  await go(page, '#/catalog', '[data-test=new-item]');
  await page.locator('[data-test=new-item]').click();
  const card = page.locator('[data-test=new-item-card]');
  await card.locator('[name=department]').selectOption('民政局');
  const id = await card.locator('[name=id]').inputValue();
  assert.match(id, /^MZJ-\d{3}$/);
  await card.locator('[name=name]').fill('临时救助申请');
  await page.shot('catalog-new-item', { fullPage: false });
  await card.getByRole('button', { name: /下一步/ }).click();
  const form = page.locator('[data-form=item]');
  await form.waitFor();
  assert.equal(await form.locator('[name=name]').inputValue(), '临时救助申请');
  await form.locator('[name=implementationCode]').fill(`DEMO421281${id.replace('-', '')}`);
  await form.locator('[name=legalBasis]').fill('依据《社会救助暂行办法》第四十七条办理。');
  await form.locator('[name=conditions]').fill('因意外事件导致基本生活暂时出现严重困难\n本市户籍或持有本市居住证');
  await form.locator('tr[data-row=material] [name=m-review]').fill('申请人签名，填写完整');
  await form.locator('[data-add=materials]').click();
  const second = form.locator('tr[data-row=material]').nth(1);
  await second.locator('[name=m-name]').fill('居民身份证');
  await second.locator('[name=m-copies]').fill('1');
  await second.locator('[name=m-source]').fill('公安机关');
  await second.locator('[name=m-review]').fill('核验原件，复印件与原件一致');
  await form.locator('[name=place]').fill('赤壁市政务服务中心民政局窗口');
  // The phones are still empty: the server says which field.
  let err = await saveDraftExpectingError();
  assert.match(await err.textContent(), /咨询电话」不能为空/);
  await form.locator('[name=consultPhone]').fill('0715-5326101');
  await form.locator('[name=supervisePhone]').fill('0715-5312345');
  // Offered at the village too, forwarded to the center.
  await form.locator('[data-level="6"] input[type=checkbox]').check();
  await form.locator('[name=handling-6]').selectOption('village_accept_center');
  await page.shot('item-new-form');
  await page.locator('[data-test=save-draft]').click();
  await flash(page, /草稿已保存/);
  assert.equal((await page.locator('[data-test=item-title] .badge').textContent()).trim(), '草稿');
  await page.locator('[data-tab=draft]').click();
  await page.locator('[data-test=item-view]').waitFor();
  assert.match(await page.locator('[data-test=item-view]').textContent(), /居民身份证/);
  await page.shot('item-new-draft');

  await go(page, '#/catalog?status=draft', `tr[data-item-id="${id}"]`);
  assert.equal(await page.locator(`tr[data-item-id="${id}"] .badge`).getAttribute('data-status'), 'draft');
  assert.equal(await page.locator(`tr[data-item-id="${id}"] [data-test=draft-mark]`).count(), 1);
  await page.shot('catalog-drafts', { fullPage: false });

  // Discarded, the new item is gone.
  await page.locator(`tr[data-item-id="${id}"] a`).click();
  await page.locator('[data-test=discard]').click();
  await page.locator('dialog.dialog [data-test=confirm-ok]').click();
  await flash(page, /草稿已放弃/);
  assert.equal(await page.locator('h1', { hasText: '事项目录' }).count(), 1, 'back to the catalog');
  await page.locator('tr[data-item-id]').first().waitFor();
  assert.equal(await page.locator(`tr[data-item-id="${id}"]`).count(), 0);
  const gone = await page.pageFetch(`/console/api/catalog/items/${id}`);
  assert.equal(gone.status, 404);
});

test('the admin creates a department user, who can then sign in', async () => {
  await go(page, '#/users', 'tr[data-user-id]');
  assert.equal(await page.locator('#nav a.active').textContent(), '用户与设备');
  assert.equal(await page.locator('tr[data-user-id="mzj-handler"]').count(), 1);
  const form = page.locator('[data-form=new-user]');
  const roles = await form.locator('[name=role] option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(roles, ['department_staff', 'supervisor', 'admin']);
  await form.locator('[name=userId]').fill('mzj-handler2');
  await form.locator('[name=name]').fill('刘晓燕');
  await form.locator('[name=department]').selectOption('民政局');
  await form.locator('[name=grade]').selectOption('1');
  await form.locator('[name=password]').fill('short');
  await form.getByRole('button', { name: '创建用户' }).click();
  assert.match(await form.locator('[data-test=form-error]').textContent(), /至少 8 个字符/);
  await form.locator('[name=password]').fill('mzj-pass-2026');
  await form.getByRole('button', { name: '创建用户' }).click();
  await flash(page, /已创建用户 刘晓燕/);
  const row = page.locator('tr[data-user-id="mzj-handler2"]');
  await row.waitFor();
  assert.match(await row.textContent(), /民政局/);
  assert.match(await row.textContent(), /承办人/);
  await page.shot('users-center');

  // A user id already taken: the server's message.
  await form.locator('[name=userId]').fill('mzj-handler2');
  await form.locator('[name=name]').fill('重复');
  await form.locator('[name=department]').selectOption('民政局');
  await form.locator('[name=password]').fill('mzj-pass-2026');
  await form.getByRole('button', { name: '创建用户' }).click();
  await page.locator('[data-form=new-user] [data-test=form-error] .alert-error').waitFor();

  const other = await w.page();
  await other.login('mzj-handler2', 'mzj-pass-2026');
  await other.locator('h1', { hasText: '部门收件箱' }).waitFor();
  assert.equal((await other.locator('[data-test=user-name]').textContent()).trim(), '刘晓燕');
  await other.close();

  // Deactivated, the user cannot sign in.
  await row.locator('[data-user-action=deactivate]').click();
  await page.locator('dialog.dialog [data-test=confirm-ok]').click();
  await flash(page, /已停用/);
  assert.match(await page.locator('tr[data-user-id="mzj-handler2"]').textContent(), /已停用/);
  const login = await w.server.request('POST', '/console/api/login', { body: { userId: 'mzj-handler2', password: 'mzj-pass-2026' } });
  assert.notEqual(login.status, 200);
  await page.locator('tr[data-user-id="mzj-handler2"] [data-user-action=activate]').click();
  await flash(page, /已启用/);

  // A new password, asked twice.
  await page.locator('tr[data-user-id="mzj-handler2"] [data-user-action=password]').click();
  const dialog = page.locator('dialog.dialog');
  await dialog.locator('[name=password]').fill('new-pass-2026');
  await dialog.locator('[name=again]').fill('new-pass-2027');
  await dialog.locator('[data-test=prompt-ok]').click();
  assert.match(await dialog.locator('[data-test=form-error]').textContent(), /不一致/);
  await dialog.locator('[name=again]').fill('new-pass-2026');
  await page.shot('users-reset-password', { fullPage: false });
  await dialog.locator('[data-test=prompt-ok]').click();
  await flash(page, /已重置用户 刘晓燕/);
  const relogin = await w.server.request('POST', '/console/api/login', { body: { userId: 'mzj-handler2', password: 'new-pass-2026' } });
  assert.equal(relogin.status, 200);
});

test('the roles offered follow the kind of site', async () => {
  await go(page, '#/users?site=421281909000', '[data-form=new-user]'); // 车埠镇便民服务大厅
  const roles = await page.locator('[data-form=new-user] [name=role] option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(roles, ['clerk', 'hall_director']);
  assert.equal(await page.locator('[data-form=new-user] [name=department]').isVisible(), false);
  await page.shot('users-hall', { fullPage: false });
});

test('an enrollment code is shown once and a device is revoked', async () => {
  await go(page, '#/users', '#site-search');
  await page.locator('#site-search').fill('车埠社区');
  await page.locator('#site-search').press('Enter');
  await page.locator(`[data-site="${ROOM}"]`).waitFor();
  await page.locator('tr[data-user-id]').first().waitFor();
  assert.equal(await page.locator('tr[data-user-id]').count(), 1, 'the room\'s agent');
  const roles = await page.locator('[data-form=new-user] [name=role] option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(roles, ['village_agent']);
  await page.shot('users-room', { fullPage: false });

  await page.locator('[data-view=devices]').click();
  const device = page.locator('[data-test=devices] tr[data-device-id]');
  await device.first().waitFor();
  assert.equal(await device.count(), 1);
  assert.match(await device.first().textContent(), /testclient/);

  await page.locator('[data-form=enroll] [name=days]').fill('3');
  await page.locator('[data-form=enroll]').getByRole('button', { name: '生成注册码' }).click();
  const code = page.locator('[data-test=enrollment-code]');
  await code.waitFor();
  assert.match((await code.textContent()).trim(), /^[A-Z0-9]{4}(-[A-Z0-9]{4})+$/);
  await page.shot('devices-enrollment-code');

  await device.first().locator('[data-device-action=revoke]').click();
  const dialog = page.locator('dialog.dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /吊销设备/);
  await page.shot('devices-revoke-confirm', { fullPage: false });
  await dialog.locator('[data-test=confirm-ok]').click();
  await flash(page, /已吊销设备/);
  assert.equal(await page.locator('[data-test=enrollment-code]').count(), 0, 'the code is not shown again');
  assert.match(await page.locator('[data-test=devices] tr[data-device-id]').first().textContent(), /已吊销/);
  assert.equal(await page.locator('[data-device-action=revoke]').count(), 0);
  await page.shot('devices-revoked');
});

test('the admin adds a holiday and it appears', async () => {
  await go(page, '#/calendar?year=2026', '[data-form=calendar-day]');
  assert.equal(await page.locator('[data-year]').count(), 3, '2024–2026');
  assert.ok(await page.locator('tr[data-date^="2026-"]').count() >= 20);
  await page.shot('calendar-2026');
  const form = page.locator('[data-form=calendar-day]');
  await form.locator('[name=date]').fill('2026-12-31');
  await form.locator('[name=kind]').selectOption('holiday');
  await form.locator('[name=name]').fill('县庆');
  await form.getByRole('button', { name: '添加' }).click();
  await flash(page, /已添加 2026-12-31/);
  const row = page.locator('tr[data-date="2026-12-31"]');
  await row.waitFor();
  assert.equal(await row.getAttribute('data-kind'), 'holiday');
  assert.match(await row.textContent(), /县庆/);
  assert.equal(await page.locator('.day-holiday[title^="2026-12-31"]').count(), 1);
  await page.shot('calendar-added');

  // Deleting a day that is not listed: the server's message.
  const r = await page.pageFetch('/console/api/calendar/days/delete', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': (await page.pageFetch('/console/api/me')).json.csrf },
    body: JSON.stringify({ date: '2026-12-30' }),
  });
  assert.equal(r.status, 404);

  await row.locator('[data-day-action=delete]').click();
  await page.locator('dialog.dialog [data-test=confirm-ok]').click();
  await flash(page, /已删除 2026-12-31/);
  assert.equal(await page.locator('tr[data-date="2026-12-31"]').count(), 0);
  await form.locator('[name=date]').fill('2026-12-31');
  await form.locator('[name=name]').fill('县庆');
  await form.getByRole('button', { name: '添加' }).click();
  await flash(page, /已添加/);
});

test('a supervisor sees the catalog, users and calendar read-only', async () => {
  const sup = await w.page();
  await sup.login('supervisor');
  await go(sup, '#/catalog', 'tr[data-item-id]');
  assert.equal(await sup.locator('[data-test=new-item]').count(), 0);
  await sup.shot('supervisor-catalog', { fullPage: false });
  await go(sup, `#/catalog/${ITEM}`, '[data-test=item-view]');
  assert.equal(await sup.locator('[data-test=read-only]').count(), 1);
  assert.equal(await sup.locator('[data-tab=edit]').count(), 0);
  assert.equal(await sup.locator('[data-test=save-draft]').count(), 0);
  assert.equal(await sup.locator('[data-test=item-actions]').count(), 0);
  assert.equal(await sup.locator('button[data-status-action]').count(), 0);
  await sup.shot('supervisor-item');
  await go(sup, '#/users', 'tr[data-user-id]');
  assert.equal(await sup.locator('[data-form=new-user]').count(), 0);
  assert.equal(await sup.locator('[data-user-action]').count(), 0);
  await sup.shot('supervisor-users', { fullPage: false });
  await go(sup, `#/users?site=${ROOM}&view=devices`, 'tr[data-device-id]');
  assert.equal(await sup.locator('[data-form=enroll]').count(), 0);
  assert.equal(await sup.locator('[data-device-action]').count(), 0);
  await sup.shot('supervisor-devices', { fullPage: false });
  await go(sup, '#/calendar', 'tr[data-date]');
  assert.equal(await sup.locator('[data-form=calendar-day]').count(), 0);
  assert.equal(await sup.locator('[data-day-action]').count(), 0);
  await sup.shot('supervisor-calendar');

  // The server refuses their changes too.
  const csrf = (await sup.pageFetch('/console/api/me')).json.csrf;
  const r = await sup.pageFetch(`/console/api/catalog/items/${ITEM}/status`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{"status":"active"}',
  });
  assert.equal(r.status, 403);
  await sup.close();
});

test('the audit log lists the changes', async () => {
  await go(page, '#/audit', 'tr[data-seq]');
  const actions = await page.locator('tr[data-seq]').evaluateAll((rows) => rows.map((r) => r.dataset.action));
  for (const a of ['catalog_draft', 'catalog_publish', 'catalog_status', 'user_create', 'user_active',
    'enrollment_code', 'device_revoke', 'calendar', 'calendar_delete', 'login']) {
    assert.ok(actions.includes(a), a);
  }
  // The refused draft is there, marked.
  const refused = page.locator('tr[data-action="catalog_draft"].row-problem');
  assert.ok(await refused.count() >= 1);
  assert.match(await refused.first().textContent(), /被拒绝/);
  await page.shot('audit-log', { fullPage: false });
  await page.locator('#audit-refused').check();
  assert.ok(await page.locator('tr[data-seq]').count() >= 3);
  await page.shot('audit-refused');
  assert.equal(await page.locator('[data-test=older]').isVisible(), false, 'fewer than 200 entries: all loaded');
});

test('the audit log pages back 200 entries at a time', async () => {
  // Calls without the CSRF header are refused and logged: enough of them for a second page.
  const s = await w.server.session('supervisor');
  for (let i = 0; i < 210; i += 1) {
    const r = await w.server.request('POST', '/console/api/logout', { headers: { Cookie: s.cookie } });
    assert.equal(r.status, 403);
  }
  await go(page, '#/audit', 'tr[data-seq]');
  assert.equal(await page.locator('tr[data-seq]').count(), 200);
  const older = page.locator('[data-test=older]');
  assert.equal(await older.isVisible(), true);
  const lastSeq = Number(await page.locator('tr[data-seq]').last().getAttribute('data-seq'));
  await older.click();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-seq]').length > 200);
  const seqs = await page.locator('tr[data-seq]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq)));
  assert.ok(seqs[200] < lastSeq, 'the next page is older');
  assert.equal(new Set(seqs).size, seqs.length, 'no entry twice');
  assert.ok(seqs.every((x, i) => i === 0 || x < seqs[i - 1]), 'newest first throughout');
  assert.equal(await older.isVisible(), false, 'everything loaded');
  await page.locator('#audit-refused').check();
  await page.shot('audit-paged', { fullPage: false });
});

test('no uncaught errors in the pages', () => {
  assert.deepEqual(w.pageErrors(), []);
});
