// 同步监控: every site with its devices — last sync, days offline (3 or more stand out), what
// waits to be sent, the client version and the last error. Sites never seen or longest unseen
// come first (the server's order).
import { api } from '/console/api.js';
import { h, fmtTime, table } from '/console/util.js';

const OFFLINE_ALERT_DAYS = 3;
const KIND_NAMES = {
  center: '政务服务中心', hall: '便民服务大厅', room: '便民服务室',
  Center: '政务服务中心', Hall: '便民服务大厅', Room: '便民服务室',
};

function backlogOf(site) {
  return (site.devices || []).reduce((sum, d) => sum + (Number(d.backlog) || 0), 0);
}

function versionsOf(site) {
  return [...new Set((site.devices || []).map((d) => d.clientVersion).filter(Boolean))].join('、');
}

function lastErrorOf(site) {
  const withError = (site.devices || []).filter((d) => d.lastError);
  return withError.length ? withError[0].lastError : '';
}

const hasDevices = (site) => (site.devices || []).length > 0;
const neverSeen = (site) => site.lastSeen === null || site.lastSeen === undefined;

function offlineCell(site) {
  if (!hasDevices(site)) return h('span', { class: 'muted' }, '—');
  if (neverSeen(site)) return h('span', { class: 'offline never' }, '从未同步');
  const days = Number(site.offlineDays) || 0;
  if (days >= OFFLINE_ALERT_DAYS) return h('span', { class: 'offline alert-days', 'data-offline': days }, `${days} 天`);
  return h('span', { class: 'offline' }, days === 0 ? '今日在线' : `${days} 天`);
}

export async function render(root, ctx) {
  const search = h('input', { id: 'sync-search', type: 'search', placeholder: '场所名称或编码' });
  const onlyProblems = h('input', { id: 'sync-problems', type: 'checkbox' });
  const withDevices = h('input', { id: 'sync-devices', type: 'checkbox' });
  const summary = h('div', { class: 'stats-grid' });
  const now = h('p', { class: 'muted' }, '正在加载…');
  const body = h('div');
  root.append(
    h('div', { class: 'screen-head' }, h('div', null, h('h1', null, '同步监控'), now)),
    summary,
    h('div', { class: 'card' }, h('div', { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: search.id }, '查找场所'), search),
      h('div', { class: 'field field-check' }, h('label', { for: onlyProblems.id }, onlyProblems, ' 只看离线 ≥ 3 天、从未同步或有错误的')),
      h('div', { class: 'field field-check' }, h('label', { for: withDevices.id }, withDevices, ' 只看已登记设备的')))),
    body);

  const data = await api('/console/api/sync-monitor');
  if (!ctx.current()) return;
  const sites = data.sites || [];
  now.textContent = `统计时间：${fmtTime(data.now)}　离线 ${OFFLINE_ALERT_DAYS} 天及以上的场所以红色标出。`;

  // A site without a device has not started to use the system: not a fault of its own.
  const unused = sites.filter((s) => !hasDevices(s)).length;
  const never = sites.filter((s) => hasDevices(s) && neverSeen(s)).length;
  const longOffline = sites.filter((s) => s.lastSeen && Number(s.offlineDays) >= OFFLINE_ALERT_DAYS).length;
  const today = sites.filter((s) => s.lastSeen && Number(s.offlineDays) === 0).length;
  const backlog = sites.reduce((n, s) => n + backlogOf(s), 0);
  const errors = sites.filter((s) => lastErrorOf(s)).length;
  const stat = (label, value, cls) => h('div', { class: `stat ${cls || ''}` },
    h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, String(value)));
  summary.replaceChildren(
    stat('场所', sites.length),
    stat('今日已同步', today, 'good'),
    stat(`离线 ≥ ${OFFLINE_ALERT_DAYS} 天`, longOffline, longOffline ? 'bad' : ''),
    stat('设备从未同步', never, never ? 'warn' : ''),
    stat('未登记设备', unused),
    stat('待上传事件', backlog, backlog ? 'warn' : ''),
    stat('有同步错误', errors, errors ? 'bad' : ''));

  const problem = (s) => hasDevices(s) && (neverSeen(s) ||
    Number(s.offlineDays) >= OFFLINE_ALERT_DAYS || Boolean(lastErrorOf(s)));

  const draw = () => {
    const q = search.value.trim();
    const rows = sites.filter((s) => (!q || (s.siteName || '').includes(q) || (s.siteId || '').includes(q)) &&
      (!onlyProblems.checked || problem(s)) && (!withDevices.checked || hasDevices(s)));
    body.replaceChildren(table([
      { title: '场所', render: (s) => [h('div', null, s.siteName || s.siteId), h('div', { class: 'muted small mono' }, s.siteId)] },
      { title: '类型', render: (s) => KIND_NAMES[s.kind] || s.kind || '—', cls: 'nowrap' },
      { title: '最后同步', render: (s) => fmtTime(s.lastSeen), cls: 'nowrap' },
      { title: '离线', render: offlineCell, cls: 'nowrap' },
      { title: '设备', render: (s) => devicesCell(s), },
      { title: '待上传', render: (s) => String(backlogOf(s)), cls: 'num' },
      { title: '客户端版本', render: (s) => versionsOf(s) || '—', cls: 'nowrap' },
      { title: '最近错误', render: (s) => { const e = lastErrorOf(s); return e ? h('span', { class: 'no' }, e) : '—'; } },
    ], rows, {
      empty: '没有符合条件的场所',
      rowAttrs: (s) => ({
        'data-site': s.siteId,
        class: problem(s) ? 'row-problem' : '',
      }),
    }));
  };
  search.addEventListener('input', draw);
  onlyProblems.addEventListener('change', draw);
  withDevices.addEventListener('change', draw);
  draw();
}

function devicesCell(site) {
  const devices = site.devices || [];
  if (!devices.length) return h('span', { class: 'muted' }, '未登记');
  return h('ul', { class: 'plain devices' }, devices.map((d) => h('li', { class: d.revoked ? 'revoked' : '' },
    d.name || d.deviceId,
    d.revoked ? h('span', { class: 'no' }, '（已吊销）') : null,
    h('span', { class: 'muted small' }, ` ${fmtTime(d.lastSeen)}${d.backlog ? `，待上传 ${d.backlog}` : ''}`))));
}
