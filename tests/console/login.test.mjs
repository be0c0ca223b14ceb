// Login: a wrong password is refused with the server's message; a village agent may not use the
// console (403); a call that is not a GET without the CSRF header gets 403; without the session
// cookie the API answers 401 and the page shows the login form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { World, ROOM } from './harness.mjs';

let w;
before(async () => { w = await World.start('login'); });
after(async () => { await w?.stop(); });

test('the login form refuses a wrong password with the server message', async () => {
  const page = await w.page();
  await page.open('/console/');
  await page.locator('#login-user').waitFor();
  await page.shot('login-form');
  await page.locator('#login-user').fill('mzj-reviewer');
  await page.locator('#login-password').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  const error = page.locator('[data-test=login-error] .alert-error');
  await error.waitFor();
  const text = (await error.textContent()).trim();
  assert.ok(text.length > 0, 'an error message is shown');
  assert.match(text, /[\u4e00-\u9fff]/, `the message is in Chinese: ${text}`);
  assert.equal(await page.locator('#nav a').count(), 0, 'still logged out');
  await page.shot('login-wrong-password');
  await page.close();
});

test('a village agent cannot log in to the console (403 message shown)', async () => {
  const direct = await w.server.request('POST', '/console/api/login', { body: { userId: `agent-${ROOM}`, password: 'bianmin-demo' } });
  assert.equal(direct.status, 403);
  assert.equal(direct.json?.error?.code, 'forbidden');
  assert.equal(direct.headers['set-cookie'], undefined, 'no session cookie for a refused login');

  const page = await w.page();
  await page.open('/console/');
  await page.locator('#login-user').fill(`agent-${ROOM}`);
  await page.locator('#login-password').fill('bianmin-demo');
  await page.getByRole('button', { name: '登录' }).click();
  const error = page.locator('[data-test=login-error] .alert-error');
  await error.waitFor();
  assert.equal((await error.textContent()).trim(), direct.json.error.message);
  assert.equal(await page.locator('#nav a').count(), 0);
  await page.shot('login-agent-forbidden');
  await page.close();
});

test('department staff log in to their inbox and see only their screens', async () => {
  const page = await w.page();
  await page.login('mzj-handler');
  await page.locator('h1', { hasText: '部门收件箱' }).waitFor();
  const nav = (await page.locator('#nav a').allTextContents()).map((s) => s.trim());
  assert.deepEqual(nav.slice(0, 1), ['收件箱'], nav.join(' '));
  assert.ok(nav.includes('办件'), nav.join(' '));
  for (const other of ['电子监察', '统计', '同步监控']) assert.ok(!nav.includes(other), `${other} is not theirs`);
  assert.match(await page.locator('[data-test=user-name]').textContent(), /\S/);
  await page.shot('inbox-empty');

  // A screen for supervisors only is refused in the page.
  await page.evaluate(() => { location.hash = '#/stats'; });
  await page.locator('h1', { hasText: '无权访问' }).waitFor();

  // Reloading keeps the session (GET /me).
  await page.evaluate(() => { location.hash = '#/inbox'; });
  await page.reload();
  await page.locator('h1', { hasText: '部门收件箱' }).waitFor();
  await page.close();
});

test('supervisors and admins get supervision, statistics and the sync monitor', async () => {
  for (const user of ['supervisor', 'admin']) {
    const page = await w.page();
    await page.login(user);
    await page.locator('h1', { hasText: '电子监察' }).waitFor();
    const nav = (await page.locator('#nav a').allTextContents()).map((s) => s.trim());
    // (Administration screens may follow these.)
    assert.deepEqual(nav.slice(0, 3), ['电子监察', '统计', '同步监控'], `${user}: ${nav.join(' ')}`);
    assert.ok(nav.includes('办件') && !nav.includes('收件箱'), `${user}: ${nav.join(' ')}`);
    // The department inbox is not theirs.
    await page.evaluate(() => { location.hash = '#/inbox'; });
    await page.locator('h1', { hasText: '无权访问' }).waitFor();
    await page.close();
  }
});

test('CSRF: a call that is not a GET needs the X-CSRF-Token header', async () => {
  const page = await w.page();
  await page.login('mzj-handler');
  const me = await page.pageFetch('/console/api/me');
  assert.equal(me.status, 200);
  assert.match(me.json.csrf, /^[0-9a-f]+$/);

  const without = await page.pageFetch('/console/api/logout', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
  });
  assert.equal(without.status, 403);
  assert.equal(without.json?.error?.code, 'csrf');

  const wrong = await page.pageFetch('/console/api/logout', {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': '00'.repeat(16) }, body: '{}',
  });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.json?.error?.code, 'csrf');

  // The session still works, and the right token logs out.
  assert.equal((await page.pageFetch('/console/api/inbox')).status, 200);
  const right = await page.pageFetch('/console/api/logout', {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.json.csrf }, body: '{}',
  });
  assert.equal(right.status, 200);
  assert.equal((await page.pageFetch('/console/api/inbox')).status, 401);

  // The page notices the ended session on its next call and shows the login form.
  await page.evaluate(() => { location.hash = '#/case/nothing-here'; });
  await page.locator('#login-user').waitFor();
  await page.shot('session-ended');
  await page.close();
});

test('the API answers 401 without a session', async () => {
  for (const p of ['/console/api/me', '/console/api/inbox', '/console/api/supervision/open', '/console/api/sync-monitor']) {
    const r = await w.server.request('GET', p);
    assert.equal(r.status, 401, p);
    assert.equal(r.json?.error?.code, 'unauthenticated', p);
  }
});

test('no uncaught errors in the pages', () => {
  assert.deepEqual(w.pageErrors(), []);
});
