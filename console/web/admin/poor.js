// 差评整改: cases rated 不满意 or 非常不满意 and their rectification, due within 15 working days of
// the rating (DOMAIN §5). Those past the date and not rectified stand out and come first.
import { api } from '/console/api.js';
import { h, fmtTime, fmtDate, table } from '/console/util.js';
import { takeFlash } from '/console/admin/common.js';

const LEVEL_NAMES = { 1: '非常满意', 2: '满意', 3: '基本满意', 4: '不满意', 5: '非常不满意' };

function stateOf(c) {
  if (c.rectified) return { key: 'done', cell: h('span', { class: 'yes' }, '已整改') };
  if (c.overdue) return { key: 'overdue', cell: h('span', { class: 'overdue' }, '逾期未整改') };
  return { key: 'open', cell: h('span', { class: 'todo' }, '整改中') };
}

export async function render(root, ctx) {
  const summary = h('p', { class: 'muted' }, '正在加载…');
  const onlyOpen = h('input', { type: 'checkbox', id: 'poor-open', checked: ctx.params.get('open') === '1' });
  const flash = takeFlash();
  root.append(h('div', { class: 'screen-head' },
    h('div', null, h('h1', null, '差评整改'), summary),
    h('div', { class: 'tools' }, h('label', { for: onlyOpen.id, class: 'check' }, onlyOpen, ' 只看未整改的'))));
  if (flash) root.append(flash);
  const body = h('div');
  root.append(body);

  const data = await api('/console/api/supervision/poor');
  if (!ctx.current()) return;
  const all = (data.cases || []).slice();
  const rank = (c) => (c.rectified ? 2 : c.overdue ? 0 : 1);
  all.sort((a, b) => rank(a) - rank(b) || String(a.rectifyDue).localeCompare(String(b.rectifyDue)));
  const overdue = all.filter((c) => !c.rectified && c.overdue).length;
  const open = all.filter((c) => !c.rectified).length;
  summary.textContent = all.length
    ? `差评 ${all.length} 件，未整改 ${open} 件${overdue ? `，其中逾期 ${overdue} 件` : ''}。差评应在评价后 15 个工作日内整改并回访。`
    : '暂无差评。差评应在评价后 15 个工作日内整改并回访。';

  const draw = () => {
    const rows = onlyOpen.checked ? all.filter((c) => !c.rectified) : all;
    body.replaceChildren(table([
      {
        title: '办件编号', cls: 'nowrap',
        render: (c) => h('a', { href: `#/case/${encodeURIComponent(c.caseId)}`, class: 'case-link' }, c.number || c.caseId),
      },
      { title: '事项', render: (c) => c.itemName || '—' },
      { title: '部门', render: (c) => c.department || '—', cls: 'nowrap' },
      { title: '受理地', render: (c) => c.originSiteName || '—' },
      { title: '评价', render: (c) => h('span', { class: 'no' }, LEVEL_NAMES[c.level] || c.level), cls: 'nowrap' },
      { title: '评价意见', render: (c) => c.comment || h('span', { class: 'muted' }, '（无）') },
      { title: '评价时间', render: (c) => fmtTime(c.ratedAt), cls: 'nowrap' },
      { title: '整改期限', render: (c) => h('span', { class: !c.rectified && c.overdue ? 'overdue' : '' }, fmtDate(c.rectifyDue)), cls: 'nowrap' },
      { title: '整改', render: (c) => stateOf(c).cell, cls: 'nowrap' },
    ], rows, {
      empty: all.length ? '没有未整改的差评' : '暂无差评',
      rowAttrs: (c) => ({ 'data-case-id': c.caseId, 'data-state': stateOf(c).key, class: !c.rectified && c.overdue ? 'row-problem' : '' }),
    }));
  };
  onlyOpen.addEventListener('change', () => {
    draw();
    history.replaceState(null, '', onlyOpen.checked ? '#/poor?open=1' : '#/poor');
  });
  draw();
}
