// 统计: the figures of a date range (totals, by department, site and item), two charts (ECharts,
// loaded on first use) and the CSV export of the same range.
import { api, query } from '/console/api.js';
import { h, fmtRate, fmtNumber, todayIso, table, LIGHTS, alertBox, dateInput, isoDate } from '/console/util.js';

// The plan's target (the server says it too, as satisfactionTarget).
let target = 0.95;
const LIGHT_COLORS = { 0: '#2e8b57', 1: '#2f7fc1', 2: '#e0a800', 5: '#d7261e', 6: '#7a0f12' };

let echartsPromise = null;
function loadEcharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!echartsPromise) {
    echartsPromise = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/console/vendor/echarts.min.js';
      s.onload = () => (window.echarts ? resolve(window.echarts) : reject(new Error('图表组件加载失败')));
      s.onerror = () => { echartsPromise = null; reject(new Error('图表组件加载失败')); };
      document.head.appendChild(s);
    });
  }
  return echartsPromise;
}

const charts = new Set();
window.addEventListener('resize', () => { for (const c of charts) c.resize(); });

function disposeCharts() {
  for (const c of charts) c.dispose();
  charts.clear();
}

const DIMENSIONS = [
  { key: 'byDepartment', name: '按部门', col: '部门' },
  { key: 'bySite', name: '按受理地', col: '受理地' },
  { key: 'byWindow', name: '按窗口', col: '窗口' },
  { key: 'byItem', name: '按事项', col: '事项' },
];

export async function render(root, ctx) {
  disposeCharts();
  const today = todayIso();
  const fromField = dateInput({ id: 's-from', name: 'from', value: ctx.params.get('from') || `${today.slice(0, 4)}-01-01` });
  const toField = dateInput({ id: 's-to', name: 'to', value: ctx.params.get('to') || today });
  const from = fromField.input;
  const to = toField.input;
  const form = h('form', { class: 'filters', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: from.id }, '起始日期'), fromField.element),
    h('div', { class: 'field' }, h('label', { for: to.id }, '截止日期'), toField.element),
    h('div', { class: 'field field-button' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '统计')),
    h('div', { class: 'field field-button' },
      h('button', { type: 'button', class: 'btn', onclick: () => setRange(`${today.slice(0, 7)}-01`, today) }, '本月'),
      h('button', { type: 'button', class: 'btn', onclick: () => setRange(`${today.slice(0, 4)}-01-01`, today) }, '本年')));
  function setRange(a, b) {
    from.value = a;
    to.value = b;
    form.requestSubmit();
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const a = isoDate(from.value);
    const b = isoDate(to.value);
    if (!a || !b || a > b) {
      body.replaceChildren(alertBox('error', '请按“年-月-日”填写正确的日期范围（起始日期不晚于截止日期）。'));
      return;
    }
    from.value = a;
    to.value = b;
    const hash = `#/stats${query({ from: from.value, to: to.value })}`;
    if (location.hash === hash) ctx.reload();
    else ctx.navigate(hash);
  });
  const csv = h('a', { class: 'btn', 'data-test': 'csv' }, '导出 CSV');
  const xlsx = h('a', { class: 'btn', 'data-test': 'xlsx' }, '导出 Excel');
  const body = h('div', null, h('p', { class: 'muted' }, '正在统计…'));
  root.append(h('div', { class: 'screen-head' }, h('h1', null, '统计'), h('div', { class: 'tools' }, csv, xlsx)),
    h('div', { class: 'card' }, form), body);

  const range = { from: from.value, to: to.value };
  csv.href = `/console/api/supervision/stats.csv${query(range)}`;
  csv.setAttribute('download', `办件统计_${range.from}_${range.to}.csv`);
  xlsx.href = `/console/api/supervision/stats.xlsx${query(range)}`;
  xlsx.setAttribute('download', `办件统计_${range.from}_${range.to}.xlsx`);

  const [data, open] = await Promise.all([
    api(`/console/api/supervision/stats${query(range)}`),
    api('/console/api/supervision/open').catch(() => null),
  ]);
  if (!ctx.current()) return;
  const t = data.total || {};
  if (typeof data.satisfactionTarget === 'number') target = data.satisfactionTarget;
  body.replaceChildren(
    h('p', { class: 'muted' }, `统计期间：${data.from || range.from} 至 ${data.to || range.to}`),
    totalsCards(t),
    chartsRow(data, open),
    tableCard(data));
}

function card(label, value, { sub, cls, test, unit } = {}) {
  return h('div', { class: `stat ${cls || ''}`, 'data-test': test },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, value, unit && value !== '—' ? h('span', { class: 'stat-unit' }, unit) : null),
    sub ? h('div', { class: 'stat-sub' }, sub) : null);
}

function totalsCards(t) {
  const sat = t.satisfactionRate;
  const satCls = sat === null || sat === undefined ? '' : sat >= target ? 'good' : 'bad';
  return h('div', { class: 'stats-grid' },
    card('受理', fmtNumber(t.accepted), { sub: `收件 ${fmtNumber(t.received)} 件`, test: 'accepted' }),
    card('办结', fmtNumber(t.completed), { sub: `在办 ${fmtNumber(t.open)} 件`, test: 'completed' }),
    card('按时办结率', fmtRate(t.onTimeRate), { sub: `按时办结 ${fmtNumber(t.onTime)} 件` }),
    card('平均用时', fmtNumber(t.avgWorkingDays, 1), { unit: '个工作日', sub: '受理至办结' }),
    card('不予受理率', fmtRate(t.refusalRate), { sub: `不予受理 ${fmtNumber(t.refused)} 件` }),
    card('满意率', fmtRate(sat), { sub: `目标 ${Math.round(target * 100)}% · 评价 ${fmtNumber(t.evaluated)} 件`, cls: satCls }),
    card('差评', fmtNumber(t.poor), { sub: `已整改 ${fmtNumber(t.poorRectified)} 件`, cls: t.poor > (t.poorRectified || 0) ? 'bad' : '' }),
    card('红牌 / 黄牌', `${fmtNumber(t.red)} / ${fmtNumber(t.yellow)}`, { cls: t.red > 0 ? 'bad' : '' }));
}

function chartsRow(data, open) {
  const deptBox = h('div', { class: 'chart', id: 'chart-departments' });
  const satBox = h('div', { class: 'chart', id: 'chart-satisfaction' });
  const lightBox = h('div', { class: 'chart', id: 'chart-lights' });
  const row = h('div', { class: 'charts' },
    h('section', { class: 'card chart-card wide' }, h('h2', null, '各部门办件量'), deptBox),
    h('section', { class: 'card chart-card' }, h('h2', null, '当前在办办件监察灯'), lightBox),
    h('section', { class: 'card chart-card wide' }, h('h2', null, `各部门满意率（目标 ${Math.round(target * 100)}%）`), satBox));
  // The boxes need their size before ECharts draws into them: after this row is in the page.
  requestAnimationFrame(() => drawCharts(data, open, deptBox, satBox, lightBox, row));
  return row;
}

async function drawCharts(data, open, deptBox, satBox, lightBox, row) {
  let echarts;
  try {
    echarts = await loadEcharts();
  } catch (e) {
    row.prepend(alertBox('error', e.message));
    return;
  }
  if (!row.isConnected) return;
  const font = { fontFamily: '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif' };
  const depts = (data.byDepartment || []).slice().sort((a, b) => (b.received || 0) - (a.received || 0));
  const names = depts.map((d) => d.name || d.key);

  const dept = echarts.init(deptBox);
  charts.add(dept);
  dept.setOption({
    animation: false,
    textStyle: font,
    color: ['#1f5fa8', '#2e8b57', '#e0a800'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 70 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '受理', type: 'bar', barMaxWidth: 36, data: depts.map((d) => d.accepted || 0) },
      { name: '办结', type: 'bar', barMaxWidth: 36, data: depts.map((d) => d.completed || 0) },
      { name: '在办', type: 'bar', barMaxWidth: 36, data: depts.map((d) => d.open || 0) },
    ],
  });
  if (!names.length) dept.setOption({ title: { text: '本期间没有办件', left: 'center', top: 'middle', textStyle: { color: '#888', fontSize: 14 } } });

  const sat = echarts.init(satBox);
  charts.add(sat);
  const rated = depts.filter((d) => d.satisfactionRate !== null && d.satisfactionRate !== undefined);
  sat.setOption({
    animation: false,
    textStyle: font,
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${v}%` },
    grid: { left: 48, right: 60, top: 24, bottom: 70 },
    xAxis: { type: 'category', data: rated.map((d) => d.name || d.key), axisLabel: { interval: 0, rotate: rated.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{
      name: '满意率',
      type: 'bar',
      barMaxWidth: 36,
      data: rated.map((d) => ({
        value: Math.round(d.satisfactionRate * 1000) / 10,
        itemStyle: { color: d.satisfactionRate >= target ? '#2e8b57' : '#d7261e' },
      })),
      markLine: {
        symbol: 'none',
        lineStyle: { color: '#c8161d', type: 'dashed', width: 2 },
        label: { formatter: `目标 ${Math.round(target * 100)}%`, position: 'end' },
        data: [{ yAxis: Math.round(target * 100) }],
      },
    }],
  });
  if (!rated.length) sat.setOption({ title: { text: '本期间没有评价', left: 'center', top: 'middle', textStyle: { color: '#888', fontSize: 14 } } });

  const lights = echarts.init(lightBox);
  charts.add(lights);
  const cases = open ? open.cases || [] : [];
  const slices = LIGHTS.map((l) => ({
    name: l.name,
    value: cases.filter((c) => Number(c.light) === l.code).length,
    itemStyle: { color: LIGHT_COLORS[l.code] },
  })).filter((s) => s.value > 0);
  lights.setOption({
    animation: false,
    textStyle: font,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    legend: { bottom: 0 },
    series: [{
      type: 'pie',
      radius: ['35%', '65%'],
      center: ['50%', '45%'],
      label: { formatter: '{b} {c}' },
      data: slices,
    }],
  });
  if (!slices.length) lights.setOption({ title: { text: open ? '没有在办的办件' : '无法读取监察数据', left: 'center', top: 'middle', textStyle: { color: '#888', fontSize: 14 } } });
}

function tableCard(data) {
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const holder = h('div');
  const section = h('section', { class: 'card' }, h('h2', null, '明细'), tabs, holder);
  const show = (dim) => {
    for (const b of tabs.children) b.classList.toggle('active', b.dataset.key === dim.key);
    holder.replaceChildren(statsTable(dim, data[dim.key] || []));
  };
  for (const dim of DIMENSIONS) {
    tabs.append(h('button', { type: 'button', class: 'tab', role: 'tab', 'data-key': dim.key, onclick: () => show(dim) }, dim.name));
  }
  show(DIMENSIONS[0]);
  return section;
}

function statsTable(dim, rows) {
  const n = (k) => (r) => fmtNumber(r[k]);
  const num = 'num';
  return table([
    { title: dim.col, render: (r) => r.name || r.key },
    { title: '收件', render: n('received'), cls: num },
    { title: '受理', render: n('accepted'), cls: num },
    { title: '不予受理', render: n('refused'), cls: num },
    { title: '办结', render: n('completed'), cls: num },
    { title: '按时办结率', render: (r) => fmtRate(r.onTimeRate), cls: num },
    { title: '平均用时（工作日）', render: (r) => fmtNumber(r.avgWorkingDays, 1), cls: num },
    { title: '不予受理率', render: (r) => fmtRate(r.refusalRate), cls: num },
    { title: '满意率', render: (r) => h('span', { class: r.satisfactionRate !== null && r.satisfactionRate !== undefined && r.satisfactionRate < target ? 'no' : '' }, fmtRate(r.satisfactionRate)), cls: num },
    { title: '差评', render: n('poor'), cls: num },
    { title: '已整改', render: n('poorRectified'), cls: num },
    { title: '在办', render: n('open'), cls: num },
    { title: '红牌', render: n('red'), cls: num },
    { title: '黄牌', render: n('yellow'), cls: num },
  ], rows, { empty: '本期间没有办件' });
}
