// 部门收件箱: the cases the user's department holds now, oldest forward first.
import { api } from '/console/api.js';
import { h, fmtTime, fmtDate, lightBadge, table, todayIso } from '/console/util.js';

// The columns of a case row (inbox and supervision share most of them).
export function dueCell(due, today = todayIso()) {
  if (!due) return '—';
  return h('span', { class: due < today ? 'overdue' : '' }, fmtDate(due));
}

export function numberCell(row) {
  return h('a', { href: `#/case/${encodeURIComponent(row.caseId)}`, class: 'case-link' },
    row.number || row.caseId);
}

export function siteText(row) {
  return row.originSiteName || row.originSiteId || '—';
}

export async function render(root, ctx) {
  const title = h('h1', null, '部门收件箱');
  const summary = h('p', { class: 'muted' }, '正在加载…');
  const refresh = h('button', { type: 'button', class: 'btn' }, '刷新');
  const body = h('div');
  root.append(h('div', { class: 'screen-head' }, h('div', null, title, summary), h('div', { class: 'tools' }, refresh)), body);

  async function load() {
    refresh.disabled = true;
    try {
      const data = await api('/console/api/inbox');
      if (!ctx.current()) return;
      const cases = data.cases || [];
      title.textContent = `部门收件箱 · ${data.department || ctx.user.department || ''}`;
      summary.textContent = cases.length
        ? `本部门在办的办件 ${cases.length} 件，按转来时间先后排列。点击一行查看办件并办理。`
        : '本部门暂无在办的办件。';
      const columns = [
        { title: '办件编号', render: numberCell, cls: 'nowrap' },
        { title: '事项', render: (r) => r.itemName },
        { title: '申请人', render: (r) => r.applicant, cls: 'nowrap' },
        { title: '受理地', render: siteText },
        { title: '转来时间', render: (r) => fmtTime(r.forwardedAt), cls: 'nowrap' },
        { title: '待办', render: (r) => h('span', { class: 'todo' }, r.todo || r.statusName || '—'), cls: 'nowrap' },
        { title: '办结时限', render: (r) => dueCell(r.due), cls: 'nowrap' },
        { title: '监察', render: (r) => lightBadge(r.light, r.lightName), cls: 'nowrap' },
      ];
      body.replaceChildren(table(columns, cases, {
        empty: '暂无待办办件',
        rowAttrs: (r) => ({
          class: 'clickable',
          'data-case-id': r.caseId,
          'data-number': r.number,
          onclick: (ev) => {
            if (ev.target.closest('a')) return;
            ctx.navigate(`#/case/${encodeURIComponent(r.caseId)}`);
          },
        }),
      }));
    } finally {
      refresh.disabled = false;
    }
  }
  refresh.addEventListener('click', () => load().catch((e) => body.replaceChildren(h('div', { class: 'alert alert-error' }, e.message))));
  await load();
}
