// The public pages, no login: 办件进度查询 with the receipt's 查询密码 (a wrong password and a wrong
// number get the same answer), and the catalog's 八公开.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { World } from './harness.mjs';

let w;
let forwarded;
let page;
before(async () => {
  w = await World.start('public_pages');
  forwarded = await w.room().forward({ item: 'MZJ-006', applicant: '王秀英' });
  page = await w.page();
});
after(async () => { await w?.stop(); });

async function ask(number, password) {
  await page.locator('#q-number').fill(number);
  await page.locator('#q-password').fill(password);
  await page.getByRole('button', { name: '查询' }).click();
  const answer = page.locator('[data-test=query-result], #q-error .alert-error');
  await answer.first().waitFor();
  return answer.first();
}

test('the query page takes the number from ?no= and answers with the right password', async () => {
  assert.ok(forwarded.queryPassword, 'the receipt has a 查询密码');
  await page.open(`/public/query?no=${encodeURIComponent(forwarded.officialNumber)}`);
  await page.locator('#q-number').waitFor();
  assert.equal(await page.locator('#q-number').inputValue(), forwarded.officialNumber);
  await page.shot('query-form');
  const answer = await ask(forwarded.officialNumber, forwarded.queryPassword);
  assert.equal(await answer.getAttribute('data-test'), 'query-result');
  const text = await answer.textContent();
  assert.ok(text.includes(forwarded.officialNumber));
  assert.ok(text.includes('城乡低保申请'));
  assert.ok(!text.includes('王秀英'), 'no personal data on the public page');
  assert.ok(await page.locator('ol.progress li').count() >= 1, 'the steps so far');
  await page.shot('query-result');
});

test('the provisional number works too', async () => {
  const answer = await ask(forwarded.provisionalNumber, forwarded.queryPassword);
  assert.equal(await answer.getAttribute('data-test'), 'query-result');
});

test('a wrong password and a wrong number get the same message', async () => {
  const wrongPassword = await ask(forwarded.officialNumber, 'WRONG1');
  assert.equal(await wrongPassword.getAttribute('data-test'), null);
  const m1 = (await wrongPassword.textContent()).trim();
  assert.match(m1, /[\u4e00-\u9fff]/);
  assert.equal(await page.locator('#q-result').isVisible(), false, 'no result shown');
  await page.shot('query-wrong-password');

  const wrongNumber = await ask('421281-20200101-999999', forwarded.queryPassword);
  const m2 = (await wrongNumber.textContent()).trim();
  assert.equal(m2, m1);

  const api = await w.server.request('POST', '/public/api/query', { body: { number: forwarded.officialNumber, password: 'WRONG1' } });
  assert.equal(api.status, 404);
  assert.equal(api.json?.error?.code, 'not_found');
});

test('the catalog lists the items and shows the 八公开 of one', async () => {
  await page.open('/public/catalog');
  await page.locator('#c-items li').first().waitFor();
  const all = await page.locator('#c-items li').count();
  assert.ok(all >= 50, `${all} items`);
  await page.shot('catalog');

  await page.locator('#c-search').fill('低保');
  await page.waitForFunction((n) => document.querySelectorAll('#c-items li').length < n, all);
  const item = page.locator('#c-items li[data-id="MZJ-006"] a');
  await item.click();
  const name = page.locator('[data-test=item-name]');
  await name.waitFor();
  assert.match(await name.textContent(), /城乡低保申请/);
  const detail = await page.locator('#c-detail').textContent();
  for (const heading of ['设定依据', '申请条件', '申请材料', '办理流程和时限', '收费', '办理地点', '咨询电话', '监督电话']) {
    assert.ok(detail.includes(heading), heading);
  }
  assert.match(await page.locator('[data-test=promised]').textContent(), /20 个工作日/);
  await page.shot('catalog-item');

  // A link to an item opens it.
  await page.open('/public/catalog#RSJ-001');
  await page.locator('[data-test=item-name]', { hasText: '零就业家庭认定' }).waitFor();
});

test('no uncaught errors in the pages', () => {
  assert.deepEqual(w.pageErrors(), []);
});
