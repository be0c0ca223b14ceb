// 电子监察: the open cases with their light at the server's now, worst first, with filters and
// the count of each light. The light filter works on the page (so that the counts stay whole);
// department, site and item go to the server.
import { api, query } from '/console/api.js';
import { h, fmtTime, lightBadge, table, LIGHTS, alertBox } from '/console/util.js';
import { dueCell, numberCell, siteText } from '/console/inbox.js';
import { loadCatalog } from '/console/catalog-data.js';

// The kinds of problem the server can pick out (docs/console.md, problem=).
const PROBLEMS = [
  ['', '全部'],
  ['overdue', '超过办结时限'],
  ['step', '环节超时'],
  ['forward', '转报超时'],
  ['suspension', '特别程序超时'],
];

export async function render(root, ctx) {
  const p = ctx.params;
  const department = h('input', { id: 'f-dept', name: 'department', list: 'dl-dept', value: p.get('department') || '', placeholder: '全部部门' });
  const site = h('input', { id: 'f-site', name: 'site', list: 'dl-site', value: p.get('site') || '', placeholder: '全部受理地（场所编码）' });
  const item = h('input', { id: 'f-item', name: 'item', list: 'dl-item', value: p.get('item') || '', placeholder: '全部事项（事项编码）' });
  const win = h('input', { id: 'f-window', name: 'window', list: 'dl-window', value: p.get('window') || '', placeholder: '全部窗口' });
  const light = h('select', { id: 'f-light', name: 'light' },
    h('option', { value: '' }, '全部'),
    LIGHTS.map((l) => h('option', { value: String(l.code), selected: p.get('light') === String(l.code) }, l.name)));
  const problem = h('select', { id: 'f-problem', name: 'problem' },
    PROBLEMS.map(([key, name]) => h('option', { value: key, selected: (p.get('problem') || '') === key }, name)));
  const dlDept = h('datalist', { id: 'dl-dept' });
  const dlSite = h('datalist', { id: 'dl-site' });
  const dlItem = h('datalist', { id: 'dl-item' });
  const dlWindow = h('datalist', { id: 'dl-window' });
  const form = h('form', { class: 'filters' },
    h('div', { class: 'field' }, h('label', { for: department.id }, '部门'), department),
    h('div', { class: 'field' }, h('label', { for: site.id }, '受理地'), site),
    h('div', { class: 'field' }, h('label', { for: win.id }, '窗口'), win),
    h('div', { class: 'field' }, h('label', { for: item.id }, '事项'), item),
    h('div', { class: 'field' }, h('label', { for: problem.id }, '问题'), problem),
    h('div', { class: 'field' }, h('label', { for: light.id }, '监察灯'), light),
    h('div', { class: 'field field-button' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '查询')),
    dlDept, dlSite, dlItem, dlWindow);
  const now = h('p', { class: 'muted' }, '正在加载…');
  const counts = h('div', { class: 'light-counts' });
  const body = h('div');
  root.append(h('div', { class: 'screen-head' }, h('div', null, h('h1', null, '电子监察'), now)),
    h('div', { class: 'card' }, form), counts, body);

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = query({
      department: department.value.trim(), site: site.value.trim(), item: item.value.trim(),
      window: win.value.trim(), problem: problem.value, light: light.value,
    });
    const target = `#/supervision${q}`;
    // The same hash again fires no hashchange: load the screen anew then.
    if (location.hash === target) ctx.reload();
    else ctx.navigate(target);
  });

  loadCatalog().then((items) => {
    const depts = [...new Set(items.map((i) => i.department).filter(Boolean))].sort();
    dlDept.replaceChildren(...depts.map((d) => h('option', { value: d })));
    dlItem.replaceChildren(...items.map((i) => h('option', { value: i.id }, `${i.id} ${i.name}`)));
  }).catch(() => {});

  const data = await api(`/console/api/supervision/open${query({
    department: p.get('department'), site: p.get('site'), item: p.get('item'), problem: p.get('problem'),
    window: p.get('window'),
  })}`);
  if (!ctx.current()) return;
  const all = data.cases || [];
  now.textContent = `监察时间：${fmtTime(data.now)}　在办办件 ${all.length} 件，最严重的排在最前。`;

  const sites = new Map(all.map((r) => [r.originSiteId, r.originSiteName]));
  dlWindow.replaceChildren(...[...new Set(all.map((r) => r.window).filter(Boolean))].sort()
    .map((w) => h('option', { value: w })));
  dlSite.replaceChildren(...[...sites].map(([id, name]) => h('option', { value: id }, name || id)));

  const selected = p.get('light');
  counts.replaceChildren(...LIGHTS.map((l) => {
    const n = all.filter((r) => Number(r.light) === l.code).length;
    const active = selected === String(l.code);
    return h('button', {
      type: 'button',
      class: `light-count light-count-${l.code}${active ? ' active' : ''}`,
      'data-light': l.code,
      title: active ? '显示全部' : `只看${l.name}`,
      onclick: () => { light.value = active ? '' : String(l.code); form.requestSubmit(); },
    }, h('span', { class: 'count' }, String(n)), h('span', { class: 'name' }, l.name));
  }));

  const rows = selected === null || selected === '' ? all : all.filter((r) => String(r.light) === selected);
  body.replaceChildren(table([
    { title: '监察', render: (r) => lightBadge(r.light, r.lightName), cls: 'nowrap' },
    { title: '办件编号', render: numberCell, cls: 'nowrap' },
    { title: '事项', render: (r) => r.itemName },
    { title: '申请人', render: (r) => r.applicant, cls: 'nowrap' },
    { title: '现办理', render: (r) => r.holderName || '—' },
    { title: '待办', render: (r) => r.todo || r.statusName || '—', cls: 'nowrap' },
    { title: '受理地', render: siteText },
    { title: '转来时间', render: (r) => fmtTime(r.forwardedAt), cls: 'nowrap' },
    { title: '办结时限', render: (r) => dueCell(r.due, data.now ? fmtDateOf(data.now) : undefined), cls: 'nowrap' },
    { title: '原因', render: (r) => (r.lightReasons || []).join('；') || '—' },
  ], rows, {
    empty: all.length ? '没有符合条件的办件' : '没有在办的办件',
    rowAttrs: (r) => ({
      class: `clickable row-light-${r.light}`,
      'data-case-id': r.caseId,
      'data-number': r.number,
      onclick: (ev) => {
        if (ev.target.closest('a')) return;
        ctx.navigate(`#/case/${encodeURIComponent(r.caseId)}`);
      },
    }),
  }));
  if (all.length && !rows.length) body.prepend(alertBox('info', '当前筛选下没有办件。'));
}

function fmtDateOf(ms) {
  return fmtTime(ms).slice(0, 10);
}
