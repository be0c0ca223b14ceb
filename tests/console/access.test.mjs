// A department sees its own cases only: 人社局's staff cannot open a 民政局 case (the API
// answers 404 as for a case that does not exist; the page says it was not found) and their
// inbox does not list it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { World } from './harness.mjs';

let w;
let mzj;
let rsj;
before(async () => {
  w = await World.start('access');
  mzj = await w.room().forward({ item: 'MZJ-006', applicant: '李桂兰' });
});
after(async () => { await w?.stop(); });

test('rsj-handler cannot read the 民政局 case', async () => {
  const page = await w.page();
  await page.login('rsj-handler');
  await page.locator('h1', { hasText: '部门收件箱' }).waitFor();
  await page.locator('table.grid tbody tr').first().waitFor();
  assert.equal(await page.locator(`tr[data-case-id="${mzj.caseId}"]`).count(), 0, 'not in the inbox');
  const rows = await page.locator('tr[data-case-id]').count();
  const inbox = await page.pageFetch('/console/api/inbox');
  assert.equal(inbox.status, 200);
  assert.equal(inbox.json.department, '人社局');
  assert.equal(inbox.json.cases.length, rows);
  assert.ok(inbox.json.cases.every((c) => c.caseId !== mzj.caseId));
  await page.shot('rsj-inbox');

  for (const id of [mzj.caseId, mzj.officialNumber, mzj.provisionalNumber]) {
    const r = await page.pageFetch(`/console/api/cases/${encodeURIComponent(id)}`);
    assert.equal(r.status, 404, id);
    assert.equal(r.json?.error?.code, 'unknown_case', id);
  }
  // The same answer as for a case that does not exist.
  const none = await page.pageFetch('/console/api/cases/no-such-case');
  assert.equal(none.status, 404);
  const theirs = await page.pageFetch(`/console/api/cases/${encodeURIComponent(mzj.caseId)}`);
  assert.deepEqual(theirs.json.error.code, none.json.error.code);

  // Nor may they act on it.
  const csrf = (await page.pageFetch('/console/api/me')).json.csrf;
  const take = await page.pageFetch(`/console/api/cases/${encodeURIComponent(mzj.caseId)}/take-in`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{"note":"x"}',
  });
  assert.ok([403, 404].includes(take.status), `take-in answered ${take.status}`);

  await page.evaluate((h) => { location.hash = h; }, `#/case/${encodeURIComponent(mzj.caseId)}`);
  const notFound = page.locator('[data-test=not-found]');
  await notFound.waitFor();
  assert.match(await notFound.textContent(), /未找到办件/);
  await page.shot('rsj-case-not-found');
  await page.close();
});

test('mzj-handler reads the same case', async () => {
  const page = await w.page();
  await page.login('mzj-handler');
  await page.locator(`tr[data-case-id="${mzj.caseId}"]`).waitFor();
  const r = await page.pageFetch(`/console/api/cases/${encodeURIComponent(mzj.caseId)}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.case.caseId, mzj.caseId);
  assert.ok(r.json.case.actions.includes('take-in'));
  await page.close();
});

test('rsj-handler sees a 人社局 case, and 民政局 does not', async () => {
  rsj = await w.room().forward({ item: 'RSJ-109', applicant: '周建国' }); // 村级受理-转中心
  assert.equal(rsj.department, '人社局');
  const page = await w.page();
  await page.login('rsj-handler');
  await page.locator(`tr[data-case-id="${rsj.caseId}"]`).waitFor();
  await page.shot('rsj-inbox-own-case');
  await page.logout();
  await page.login('mzj-handler');
  await page.locator(`tr[data-case-id="${mzj.caseId}"]`).waitFor();
  assert.equal(await page.locator(`tr[data-case-id="${rsj.caseId}"]`).count(), 0);
  await page.close();
});

test('no uncaught errors in the pages', () => {
  assert.deepEqual(w.pageErrors(), []);
});
