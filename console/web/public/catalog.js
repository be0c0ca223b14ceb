// 办事指南 (public, no login): the 八公开 of every item in the catalog — a searchable list and
// the detail of the chosen item (#<item id> in the address, so that a link opens it).
import { h, alertBox } from '/console/util.js';
import { loadCatalog } from '/console/catalog-data.js';

const search = document.getElementById('c-search');
const deptSelect = document.getElementById('c-dept');
const count = document.getElementById('c-count');
const list = document.getElementById('c-items');
const detail = document.getElementById('c-detail');

// Where an item may be applied for, by 行使层级 (levels are listed village first).
const LEVEL_NAMES = { 6: '村（社区）便民服务室', 5: '镇（乡、街道）便民服务大厅', 4: '市政务服务中心' };
const CASE_KINDS = { 1: '即办件', 2: '承诺件', 9: '上报件' };
const STEP_NAMES = { 1: '承办', 2: '审核', 3: '批准' };

let items = [];

function yuan(fen) {
  if (fen === undefined || fen === null || fen === '') return '';
  return `${(Number(fen) / 100).toFixed(2)} 元`;
}

function daysText(n) {
  if (n === undefined || n === null || n === '') return '—';
  return Number(n) === 0 ? '即办（当场办结）' : `${n} 个工作日`;
}

function section(title, ...content) {
  return h('section', { class: 'disclosure' }, h('h3', null, title), ...content);
}

function textOrNone(v) {
  return v ? h('p', null, v) : h('p', { class: 'muted' }, '无');
}

function renderProcedure(item) {
  const p = item.procedure;
  const parts = [];
  if (p.steps.length) {
    parts.push(h('ol', { class: 'flow' }, p.steps.map((s, i) => {
      if (typeof s === 'string') return h('li', null, s);
      const name = s.name || s.stepName || STEP_NAMES[s.step] || `第${i + 1}步`;
      const days = s.limitDays ?? s.days;
      return h('li', null, h('strong', null, name), days !== undefined ? ` ${days} 个工作日` : '', s.description ? `：${s.description}` : '');
    })));
  }
  if (p.text) parts.push(h('p', null, p.text));
  if (!parts.length) parts.push(h('p', { class: 'muted' }, '受理 → 承办 → 审核 → 批准 → 办结'));
  parts.push(h('dl', { class: 'facts compact' },
    h('dt', null, '承诺办结时限'), h('dd', { 'data-test': 'promised' }, daysText(item.promisedDays)),
    h('dt', null, '法定办结时限'), h('dd', null, daysText(item.legalDays)),
    item.caseKind ? [h('dt', null, '办件类型'), h('dd', null, CASE_KINDS[item.caseKind] || item.caseKind)] : null));
  return parts;
}

function renderFees(item) {
  const fee = item.fee;
  const parts = [];
  if (fee.charged === false && !fee.items.length) {
    parts.push(h('p', null, '不收费'));
  } else if (fee.items.length) {
    parts.push(h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
      h('thead', null, h('tr', null, ['收费项目', '收费标准', '金额', '减免'].map((t) => h('th', null, t)))),
      h('tbody', null, fee.items.map((f) => (typeof f === 'string'
        ? h('tr', null, h('td', { colspan: 4 }, f))
        : h('tr', null,
          h('td', null, f.name || '—'),
          h('td', null, f.standard || '—'),
          h('td', { class: 'nowrap' }, yuan(f.amountFen) || '—'),
          h('td', null, f.reducible ? `可减免${f.reductionBasis ? `（${f.reductionBasis}）` : ''}` : '不减免'))))))));
  }
  if (fee.text) parts.push(h('p', null, fee.text));
  if (fee.basis) parts.push(h('p', null, h('strong', null, '收费依据：'), fee.basis));
  if (!parts.length) parts.push(h('p', { class: 'muted' }, '未公开'));
  return parts;
}

function renderMaterials(item) {
  if (!item.materials.length) return [h('p', { class: 'muted' }, '无需提交材料')];
  return [h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
    h('thead', null, h('tr', null, ['序号', '材料名称', '必要性', '原件', '复印件', '材料来源', '审查要点'].map((t) => h('th', null, t)))),
    h('tbody', null, item.materials.map((m, i) => (typeof m === 'string'
      ? h('tr', null, h('td', null, String(i + 1)), h('td', { colspan: 6 }, m))
      : h('tr', null,
        h('td', { class: 'num' }, String(i + 1)),
        h('td', null, m.name),
        h('td', { class: 'nowrap' }, m.required === false ? '非必要（视情形）' : '必要'),
        h('td', { class: 'num' }, m.originals ?? m.original ?? '—'),
        h('td', { class: 'num' }, m.copies ?? '—'),
        h('td', null, m.source || '—'),
        h('td', null, m.reviewPoints || '—')))))))];
}

function showDetail(item) {
  for (const li of list.children) li.classList.toggle('active', li.dataset.id === item.id);
  const codes = [item.basicCode && `基本编码 ${item.basicCode}`, item.implementationCode && `实施编码 ${item.implementationCode}`,
    item.version && `第${item.version}版`].filter(Boolean).join('　');
  const levels = item.levels.map(String).sort().reverse().map((l) => LEVEL_NAMES[l]).filter(Boolean).join('、');
  // replaceChildren() would print a null as the text "null": leave the absent parts out.
  detail.replaceChildren(...[
    h('h1', { 'data-test': 'item-name' }, item.name, item.variant ? `（${item.variant}）` : ''),
    h('p', { class: 'muted' }, [item.department, codes].filter(Boolean).join('　')),
    levels ? h('p', { class: 'muted small' }, `申请地点：${levels}`) : null,
    item.status === 'suspended' ? h('div', { class: 'alert alert-warn' }, '该事项已暂停办理。') : null,
    section('一、设定依据', textOrNone(item.basis)),
    section('二、申请条件', item.conditions.length
      ? h('ol', null, item.conditions.map((c) => h('li', null, c)))
      : h('p', { class: 'muted' }, '无特别条件')),
    section('三、申请材料', ...renderMaterials(item)),
    section('四、办理流程和时限', ...renderProcedure(item)),
    section('五、收费标准和依据', ...renderFees(item)),
    section(item.hours ? '六、办理地点和时间' : '六、办理地点',
      h('dl', { class: 'facts compact' },
        h('dt', null, '办理地点'), h('dd', null, item.place || '—'),
        item.hours ? [h('dt', null, '办公时间'), h('dd', null, item.hours)] : null)),
    section('七、咨询和监督',
      h('dl', { class: 'facts compact' },
        h('dt', null, '咨询电话'), h('dd', { class: 'mono' }, item.contact.consult || item.contact.text || '—'),
        h('dt', null, '监督电话'), h('dd', { class: 'mono' }, item.contact.supervise || '—')))].filter(Boolean));
  detail.scrollTop = 0;
}

function matches(item, q, dept) {
  if (dept && item.department !== dept) return false;
  if (!q) return true;
  return [item.name, item.id, item.department, item.variant, item.basicCode].some((s) => s && s.includes(q));
}

function drawList() {
  const q = search.value.trim();
  const dept = deptSelect.value;
  const shown = items.filter((i) => matches(i, q, dept));
  count.textContent = `共 ${shown.length} 项${shown.length !== items.length ? `（全部 ${items.length} 项）` : ''}`;
  const current = decodeURIComponent(location.hash.slice(1));
  list.replaceChildren(...shown.map((i) => h('li', { 'data-id': i.id, class: i.id === current ? 'active' : '' },
    h('a', { href: `#${encodeURIComponent(i.id)}` },
      h('span', { class: 'item-name' }, i.name, i.variant ? `（${i.variant}）` : '',
        i.status === 'suspended' ? h('span', { class: 'no small' }, '（暂停）') : null),
      h('span', { class: 'item-meta' }, `${i.department} · ${i.id}`)))));
}

// Before an item is chosen: the departments and how many items each publishes.
function showOverview() {
  const byDept = new Map();
  for (const i of items) byDept.set(i.department || '其他', (byDept.get(i.department || '其他') || 0) + 1);
  const depts = [...byDept].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'));
  detail.replaceChildren(
    h('h1', null, '政务服务事项目录'),
    h('p', { class: 'muted' }, `共 ${items.length} 个事项，涉及 ${depts.length} 个部门。请在左侧查找或选择事项，查看其设定依据、申请条件、申请材料、办理流程和时限、收费标准、办理地点和联系电话。`),
    h('h3', null, '按部门浏览'),
    h('div', { class: 'dept-grid' }, depts.map(([name, n]) => h('button', {
      type: 'button',
      class: 'dept-chip',
      onclick: () => {
        deptSelect.value = name;
        search.value = '';
        drawList();
      },
    }, h('span', null, name), h('span', { class: 'count' }, `${n} 项`)))));
}

function fromHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  const item = items.find((i) => i.id === id);
  if (item) showDetail(item);
  else showOverview();
}

async function boot() {
  try {
    items = (await loadCatalog()).slice().sort((a, b) => a.id.localeCompare(b.id));
  } catch (e) {
    count.textContent = '';
    detail.replaceChildren(alertBox('error', `事项目录加载失败：${e.message}`));
    return;
  }
  const depts = [...new Set(items.map((i) => i.department).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  deptSelect.append(...depts.map((d) => h('option', { value: d }, d)));
  search.addEventListener('input', drawList);
  deptSelect.addEventListener('change', drawList);
  window.addEventListener('hashchange', fromHash);
  drawList();
  fromHash();
}

boot();
