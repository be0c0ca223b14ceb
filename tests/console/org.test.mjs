// 组织机构: the admin sets up a new village room under 车埠镇 (its code follows the township's),
// gives it an agent and a device through 用户与设备, and the device's first sync has the reference
// version that made the room; a bad name and a taken code are refused with the server's reason; a
// room in use cannot be closed, an empty one can; a new hall window takes 人社局's items and an
// existing room's device sees the new window set after its next sync; supervisors read; the
// console's date fields show YYYY-MM-DD in the zh-CN browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { World, Room, ROOM, DEMO_PASSWORD, go, flash } from './harness.mjs';

const HALL = '421281909000'; // 车埠镇便民服务大厅: 14 rooms, 001–014
const NEW_ROOM = '421281909015';

let w;
let page;
let newRoom;
before(async () => {
  w = await World.start('org');
  await w.room().forward({ item: 'MZJ-006', applicant: '周建国' }); // enrolls 车埠社区's device
  page = await w.page();
  await page.login('admin');
});
after(async () => { await w?.stop(); });

async function referenceVersion(p) {
  const r = await p.pageFetch('/console/api/org');
  assert.equal(r.status, 200);
  return r.json.referenceVersion;
}

test('the sites screen shows the center, the halls and a hall\'s rooms', async () => {
  await go(page, '#/org', '[data-test=hall-list]');
  assert.equal(await page.locator('#nav a.active').textContent(), '组织机构');
  assert.equal(await page.locator('[data-test=hall-list] li').count(), 15, 'the center and 14 halls');
  assert.equal(await page.locator('[data-test=halls] tr[data-site]').count(), 14);
  await page.shot('sites-center', { fullPage: false });
  await page.locator(`[data-test=hall-list] li[data-site="${HALL}"] a`).click();
  await page.locator('[data-test=rooms] tr[data-site]').first().waitFor();
  assert.equal(await page.locator('[data-test=rooms] tr[data-site]').count(), 14);
  assert.match(await page.locator('[data-test=site-card] h2').textContent(), /车埠镇便民服务大厅/);
  await page.shot('sites-hall');
});

test('a bad name and a taken code are refused with the reason', async () => {
  await go(page, `#/org?site=${HALL}`, '[data-form=new-site]');
  const form = page.locator('[data-form=new-site]');
  assert.match(await form.locator('[name=code]').getAttribute('placeholder'), new RegExp(NEW_ROOM));
  await form.locator('[name=name]').fill('新建组');
  await form.getByRole('button', { name: '新设便民服务室' }).click();
  const error = form.locator('[data-test=form-error] .alert-error');
  await error.waitFor();
  assert.match(await error.textContent(), /应以“村”或“社区”结尾/);
  await page.shot('new-room-bad-name', { fullPage: false });
  await form.locator('[name=name]').fill('新建村');
  await form.locator('[name=code]').fill('421281909001');
  await form.getByRole('button', { name: '新设便民服务室' }).click();
  await form.locator('[data-test=form-error] .alert-error', { hasText: '已被' }).waitFor();
  assert.match(await form.locator('[data-test=form-error]').textContent(), /车埠社区便民服务室使用/);
  await page.shot('new-room-taken-code', { fullPage: false });
});

test('a new village room gets the next code, an agent and a device that has its reference', async () => {
  const before = await referenceVersion(page);
  await go(page, `#/org?site=${HALL}`, '[data-form=new-site]');
  const form = page.locator('[data-form=new-site]');
  await form.locator('[name=name]').fill('新建村');
  await form.getByRole('button', { name: '新设便民服务室' }).click();
  const text = await flash(page, '已新设');
  assert.match(text, new RegExp(`已新设 新建村便民服务室（编码 ${NEW_ROOM}，参考数据第 ${before + 1} 版`));
  const row = page.locator(`[data-test=rooms] tr[data-site="${NEW_ROOM}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /在用/);
  await page.shot('new-room-created');

  // Its agent and device, from the link in the message.
  await page.locator('[data-test=flash] a', { hasText: '新建用户' }).click();
  await page.locator(`.site-title[data-site="${NEW_ROOM}"]`).waitFor();
  const user = page.locator('[data-form=new-user]');
  await user.locator('[name=userId]').fill(`agent-${NEW_ROOM}`);
  await user.locator('[name=name]').fill('何春梅');
  await user.locator('[name=password]').fill(DEMO_PASSWORD);
  await user.getByRole('button', { name: '创建用户' }).click();
  await flash(page, /已创建用户 何春梅/);
  await page.locator('[data-view=devices]').click();
  await page.locator('[data-form=enroll]').getByRole('button', { name: '生成注册码' }).click();
  const code = (await page.locator('[data-test=enrollment-code]').textContent()).trim();
  await page.shot('new-room-enrollment-code', { fullPage: false });

  newRoom = new Room(w.server, NEW_ROOM);
  const synced = await newRoom.sync({ code });
  assert.equal(Number(synced.referenceVersion), before + 1);
  assert.equal(synced.siteId, NEW_ROOM);
  assert.equal(synced.siteName, '新建村便民服务室');
  // It works: a case accepted there reaches the center.
  const c = await newRoom.forward({ item: 'MZJ-006', applicant: '何建华' });
  assert.ok(c.officialNumber, 'the case got its official number');
});

test('a room in use cannot be closed; an empty one can, and opens again', async () => {
  await go(page, `#/org?site=${NEW_ROOM}`, `[data-test=rooms] tr[data-site="${NEW_ROOM}"]`);
  const row = page.locator(`[data-test=rooms] tr[data-site="${NEW_ROOM}"]`);
  await row.locator('[data-site-action=close]').click();
  const error = page.locator('[data-test=rooms] [data-test=form-error] .alert-error');
  await error.waitFor();
  const why = await error.textContent();
  assert.match(why, /现在不能停用/);
  assert.match(why, /1 件未办结的办件/);
  assert.match(why, new RegExp(`agent-${NEW_ROOM}`));
  assert.match(why, /1 台在用的设备/);
  await page.shot('close-refused');

  // An empty room: 幸福社区.
  const form = page.locator('[data-form=new-site]');
  await form.locator('[name=name]').fill('幸福社区');
  await form.getByRole('button', { name: '新设便民服务室' }).click();
  await flash(page, /已新设 幸福社区便民服务室/);
  const empty = page.locator('[data-test=rooms] tr', { hasText: '幸福社区便民服务室' });
  const emptyId = await empty.getAttribute('data-site');
  assert.equal(emptyId, '421281909016');
  await empty.locator('[data-site-action=close]').click();
  const dialog = page.locator('dialog.dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /停用 幸福社区便民服务室/);
  await page.shot('close-confirm', { fullPage: false });
  await dialog.locator('[data-test=confirm-ok]').click();
  await flash(page, /已停用 幸福社区便民服务室/);
  const closed = page.locator(`[data-test=rooms] tr[data-site="${emptyId}"]`);
  assert.match(await closed.textContent(), /已停用/);
  assert.equal(await closed.getAttribute('class'), 'row-inactive');
  await page.shot('closed');

  // Nobody can be made to work there meanwhile.
  await go(page, `#/users?site=${emptyId}`, '.site-title');
  assert.equal(await page.locator('[data-form=new-user]').count(), 0);
  assert.match(await page.locator('main, #main').first().textContent(), /该场所已停用/);
  await page.shot('closed-users', { fullPage: false });

  await go(page, `#/org?site=${emptyId}`, `[data-test=rooms] tr[data-site="${emptyId}"]`);
  await page.locator(`[data-test=rooms] tr[data-site="${emptyId}"] [data-site-action=open]`).click();
  await flash(page, /已启用 幸福社区便民服务室/);
});

test('a new hall window takes 人社局\'s items and reaches the devices', async () => {
  await go(page, '#/org?view=windows', '[data-test=windows] tr[data-window]');
  assert.equal(await page.locator('[data-test=windows] tr[data-window]').count(), 12);
  await page.shot('windows');

  const form = page.locator('[data-form=new-window]');
  await form.locator('[name=name]').fill('民政');
  await form.getByRole('button', { name: '新增窗口' }).click();
  await form.locator('[data-test=form-error] .alert-error', { hasText: '已有民政窗口' }).waitFor();
  await page.shot('window-duplicate', { fullPage: false });
  await form.locator('[name=name]').fill('社保');
  await form.locator('[name=room]').check();
  await form.getByRole('button', { name: '新增窗口' }).click();
  await flash(page, /已新增社保窗口/);
  const names = await page.locator('[data-test=windows] tr[data-window]').evaluateAll((rows) => rows.map((r) => r.dataset.window));
  assert.deepEqual(names.slice(-2), ['社保', '综合'], 'a new window goes before 综合');

  const dept = page.locator('[data-test=departments] tr[data-dept=RSJ]');
  await dept.locator('select').selectOption('社保');
  await dept.locator('[data-dept-action=window]').click();
  await flash(page, /人社局的事项改由社保窗口受理/);
  const row = page.locator('[data-test=windows] tr[data-window="社保"]');
  assert.match(await row.textContent(), /人社局/);
  assert.match(await row.locator('summary').textContent(), /^\d+ 项$/);
  await row.locator('summary').click();
  await page.shot('windows-new-window');

  await row.locator('[data-window-action=rename]').click();
  const dialog = page.locator('dialog.dialog');
  await dialog.locator('[name=newName]').fill('社保医保');
  await page.shot('window-rename', { fullPage: false });
  await dialog.locator('[data-test=prompt-ok]').click();
  await flash(page, /已将社保窗口改名为社保医保窗口/);

  // 车埠社区's device, enrolled before any of this, has the new windows after its next sync.
  const version = await referenceVersion(page);
  const seen = await w.room(ROOM).sync();
  assert.equal(Number(seen.referenceVersion), version);
  assert.ok(seen.hallWindows.includes('社保医保'));
  assert.ok(seen.roomWindows.includes('社保医保'));
  assert.equal(seen.siteName, '车埠社区便民服务室');

  // Removed again: its items go to the window chosen, and the devices follow.
  await page.locator('[data-test=windows] tr[data-window="社保医保"] [data-window-action=remove]').click();
  const remove = page.locator('dialog.dialog');
  await remove.locator('select').selectOption('人社');
  await page.shot('window-remove', { fullPage: false });
  await remove.locator('[data-test=choice-ok]').click();
  await flash(page, /已删除社保医保窗口，其事项改由人社窗口受理/);
  assert.match(await page.locator('[data-test=departments] tr[data-dept=RSJ] select').inputValue(), /^人社$/);
  const after = await w.room(ROOM).sync();
  assert.ok(!after.hallWindows.includes('社保医保'));
  assert.equal(Number(after.referenceVersion), version + 1);
  await page.shot('windows-after-remove');
});

test('supervisors read the organisation', async () => {
  const sup = await w.page();
  await sup.login('supervisor');
  await go(sup, `#/org?site=${HALL}`, '[data-test=rooms] tr[data-site]');
  assert.equal(await sup.locator('[data-form=new-site]').count(), 0);
  assert.equal(await sup.locator('[data-site-action]').count(), 0);
  await sup.shot('supervisor-sites', { fullPage: false });
  await go(sup, '#/org?view=windows', '[data-test=windows] tr[data-window]');
  assert.equal(await sup.locator('[data-window-action], [data-form=new-window], [data-test=departments] select').count(), 0);
  await sup.shot('supervisor-windows', { fullPage: false });
  const s = await w.server.session('supervisor');
  const refused = await w.server.request('POST', '/console/api/org/windows', {
    body: { name: '社保' }, headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf },
  });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error.code, 'forbidden');
  await sup.close();
});

test('the date fields show YYYY-MM-DD in the zh-CN browser', async () => {
  assert.equal(await page.evaluate(() => navigator.language), 'zh-CN');
  await go(page, '#/stats', '#s-from');
  const from = await page.locator('#s-from').inputValue();
  assert.match(from, /^\d{4}-01-01$/);
  assert.match(await page.locator('#s-to').inputValue(), /^\d{4}-\d{2}-\d{2}$/);
  await page.shot('stats-dates', { fullPage: false });

  await go(page, '#/calendar?year=2026', '[data-form=calendar-day]');
  const date = page.locator('[data-form=calendar-day] [name=date]');
  assert.equal(await date.getAttribute('placeholder'), '年-月-日');
  await date.fill('2026/5/1');
  await date.blur();
  assert.equal(await date.inputValue(), '2026-05-01');
  assert.match(await page.locator('[data-form=calendar-day] .span-all .hint').textContent(), /已设为放假（劳动节）/);
  await date.fill('2026-02-30');
  await date.blur();
  assert.equal(await date.getAttribute('aria-invalid'), 'true');
  // The browser's picker fills the field with its YYYY-MM-DD value.
  await page.locator('[data-form=calendar-day] .date-button').click();
  await page.keyboard.press('Escape');
  await page.evaluate(() => {
    const picker = document.querySelector('[data-form=calendar-day] .date-picker');
    picker.value = '2026-10-01';
    picker.dispatchEvent(new Event('change'));
  });
  assert.equal(await date.inputValue(), '2026-10-01');
  assert.match(await page.locator('[data-form=calendar-day] .span-all .hint').textContent(), /已设为放假（国庆节）/);
  await date.fill('2026-02-30');
  await date.blur();
  await page.locator('[data-form=calendar-day]').getByRole('button', { name: /添加|替换/ }).click();
  await page.locator('[data-form=calendar-day] [data-test=form-error] .alert-error', { hasText: '年-月-日' }).waitFor();
  await page.shot('calendar-date-field', { fullPage: false });

  await go(page, '#/catalog/MZJ-006', '[data-test=item-actions]');
  assert.match(await page.locator('[data-test=item-actions] [name=statusFrom]').inputValue(), /^\d{4}-\d{2}-\d{2}$/);
  await page.shot('item-effective-date', { fullPage: false });
});

test('the audit log names the organisation changes', async () => {
  await go(page, '#/audit', 'tr[data-seq], table.grid tbody tr');
  const text = await page.locator('main, #main').first().textContent();
  for (const name of ['新设场所', '启用/停用场所', '新增窗口', '窗口改名', '删除窗口', '部门的窗口']) {
    assert.ok(text.includes(name), name);
  }
  await page.shot('audit');
  assert.deepEqual(w.pageErrors(), []);
});
