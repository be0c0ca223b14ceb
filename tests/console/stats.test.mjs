// 统计: after a case done through the API and another one left open, the supervisor's statistics
// page shows the totals, the tables and the charts, and the CSV of the same range downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { World, env } from './harness.mjs';

let w;
let done;
let open;
before(async () => {
  w = await World.start('stats');
  const room = w.room();
  done = await room.forward({ item: 'MZJ-006', applicant: '王秀英' });
  open = await room.forward({ item: 'CL-001', applicant: '刘德明' });

  // The same steps as the done flow, through the API this time.
  const handler = await w.server.session('mzj-handler');
  const reviewer = await w.server.session('mzj-reviewer');
  const approver = await w.server.session('mzj-approver');
  const url = (a) => `/console/api/cases/${encodeURIComponent(done.caseId)}/${a}`;
  await handler.call('POST', url('take-in'), { note: '收件' });
  await handler.call('POST', url('handle'), { pass: true, opinion: '属实' });
  await reviewer.call('POST', url('review'), { pass: true, opinion: '同意' });
  const approved = await approver.call('POST', url('approve'), { pass: true, opinion: '批准' });
  const completer = approved.case.actions.includes('complete') ? approver : handler;
  await completer.call('POST', url('complete'), { outcome: 'certificate', resultName: '最低生活保障金领取证', resultNumber: 'DB-7' });
  await completer.call('POST', url('reply'), { note: '请领取' });
});
after(async () => { await w?.stop(); });

test('the statistics page shows totals, tables and charts', async () => {
  const page = await w.page();
  await page.login('supervisor');
  await page.evaluate(() => { location.hash = '#/stats'; });
  await page.locator('[data-test=accepted] .stat-value').waitFor();
  assert.ok(Number(await page.locator('[data-test=accepted] .stat-value').textContent()) >= 2);
  assert.ok(Number(await page.locator('[data-test=completed] .stat-value').textContent()) >= 1);
  const cards = await page.locator('.stats-grid').textContent();
  for (const label of ['受理', '办结', '按时办结率', '平均用时', '不予受理率', '满意率', '差评']) assert.ok(cards.includes(label), label);

  const table = page.locator('section.card', { hasText: '明细' });
  await table.locator('tbody tr', { hasText: '民政局' }).waitFor();
  await table.locator('tbody tr', { hasText: '残联' }).waitFor();

  // ECharts drew into the three boxes.
  for (const id of ['chart-departments', 'chart-lights', 'chart-satisfaction']) {
    await page.locator(`#${id} canvas`).first().waitFor();
  }
  await page.shot('stats');

  await table.getByRole('tab', { name: '按事项' }).click();
  await table.locator('tbody tr', { hasText: '城乡低保申请' }).waitFor();
  await table.getByRole('tab', { name: '按受理地' }).click();
  await table.locator('tbody tr').first().waitFor();
  await page.shot('stats-by-site');

  // The CSV of the same range.
  const href = await page.locator('[data-test=csv]').getAttribute('href');
  const from = await page.locator('#s-from').inputValue();
  const to = await page.locator('#s-to').inputValue();
  assert.equal(href, `/console/api/supervision/stats.csv?from=${from}&to=${to}`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-test=csv]').click(),
  ]);
  const file = path.join(env.artifacts, 'stats-export.csv');
  await download.saveAs(file);
  const csv = await fsp.readFile(file);
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  const text = csv.subarray(3).toString('utf8');
  assert.ok(text.includes('民政局'), text.slice(0, 400));
  assert.ok(text.split('\n').length >= 3);

  // The same as an Excel workbook (a ZIP file).
  const [book] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-test=xlsx]').click(),
  ]);
  const xlsxFile = path.join(env.artifacts, 'stats-export.xlsx');
  await book.saveAs(xlsxFile);
  assert.equal((await fsp.readFile(xlsxFile)).subarray(0, 2).toString('latin1'), 'PK');

  // A range without cases.
  await page.locator('#s-from').fill('2001-01-01');
  await page.locator('#s-to').fill('2001-12-31');
  await page.getByRole('button', { name: '统计', exact: true }).click();
  await page.waitForFunction(() => location.hash.includes('from=2001-01-01'));
  await page.locator('[data-test=accepted] .stat-value', { hasText: '0' }).waitFor();
  await page.shot('stats-empty-range');
  await page.close();
});

test('no uncaught errors in the pages', () => {
  assert.deepEqual(w.pageErrors(), []);
});
