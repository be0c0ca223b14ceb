// 组织机构 (#/org?site=<id>, #/org?view=windows): the city's service sites — the center, a township
// hall (便民服务大厅) under it, the village rooms (便民服务室) under each hall — and the window sets
// (统一窗口设置): the hall windows, which of them the rooms have, and the window that takes each
// department's items. Admins create sites, rename, close and reopen them and edit the windows;
// every change is published as a new reference version that each site's client fetches after its
// next sync. Supervisors read.
import { api } from '/console/api.js';
import { h, table, alertBox } from '/console/util.js';
import {
  isAdmin, busy, post, field, errorArea, options, confirmDialog, promptDialog, choiceDialog,
  checkbox, reloadWith, takeFlash, loadOrg, forgetOrg,
} from '/console/admin/common.js';

const HALL_SUFFIX = '便民服务大厅';
const ROOM_SUFFIX = '便民服务室';

const siteHash = (id) => `#/org?site=${encodeURIComponent(id)}`;
const WINDOWS_HASH = '#/org?view=windows';

export async function render(root, ctx) {
  forgetOrg(); // this screen always shows the newest organisation
  const org = await loadOrg();
  if (!ctx.current()) return;
  const admin = isAdmin(ctx);
  const view = ctx.params.get('view') === 'windows' ? 'windows' : 'sites';
  const flash = takeFlash();
  const halls = org.sites.filter((s) => s.kind === 'hall');
  const rooms = org.sites.filter((s) => s.kind === 'room');

  root.append(h('div', { class: 'screen-head' },
    h('div', null, h('h1', null, '组织机构'),
      h('p', { class: 'muted' }, admin
        ? `服务场所和窗口设置。每次修改发布为新的参考数据版本（现为第 ${org.referenceVersion} 版），各场所下次同步后生效。`
        : `只读查看：服务场所和窗口设置由系统管理员维护（参考数据第 ${org.referenceVersion} 版）。`))));
  if (flash) root.append(flash);
  root.append(h('div', { class: 'tabs', role: 'tablist' }, [
    ['sites', `服务场所（${halls.length} 个大厅，${rooms.length} 个便民服务室）`, siteHash(ctx.params.get('site') || org.center?.id || '')],
    ['windows', `窗口设置（${org.windowSets.hall.length} 个窗口）`, WINDOWS_HASH],
  ].map(([key, text, hash]) => h('button', {
    type: 'button', role: 'tab', class: `tab${key === view ? ' active' : ''}`, 'data-view': key,
    'aria-selected': key === view ? 'true' : 'false', onclick: () => ctx.navigate(hash),
  }, text))));

  if (view === 'windows') await renderWindows(root, ctx, org);
  else renderSites(root, ctx, org);
}

// After a change: the organisation is loaded anew everywhere, and the screen shows `message`.
function changed(ctx, message, hash) {
  forgetOrg();
  reloadWith(ctx, 'success', message, hash);
}

const versionNote = (res) => `参考数据第 ${res.referenceVersion} 版，各场所下次同步后生效`;

function statusTag(site) {
  return site.active === false ? h('span', { class: 'tag tag-grey' }, '已停用') : h('span', { class: 'yes' }, '在用');
}

// --- sites ------------------------------------------------------------------------------------

function renderSites(root, ctx, org) {
  const selectedId = ctx.params.get('site') || org.center?.id;
  let selected = org.siteById.get(selectedId) || org.center;
  // A room is shown in its hall's list.
  const focusRoom = selected && selected.kind === 'room' ? selected.id : null;
  if (focusRoom) selected = org.siteById.get(selected.parentId) || org.center;
  const roomsOf = (hallId) => org.sites.filter((s) => s.kind === 'room' && s.parentId === hallId);

  const list = h('ul', { class: 'item-list', 'data-test': 'hall-list' },
    [org.center, ...org.sites.filter((s) => s.kind === 'hall')].filter(Boolean).map((s) => {
      const meta = s.kind === 'center'
        ? `${org.sites.filter((x) => x.kind === 'hall').length} 个便民服务大厅`
        : `${roomsOf(s.id).filter((r) => r.active !== false).length} 个便民服务室在用`;
      return h('li', { class: s.id === selected.id ? 'active' : '', 'data-site': s.id },
        h('a', { href: siteHash(s.id) },
          h('span', { class: 'item-name' }, s.name, s.active === false ? h('span', { class: 'tag tag-grey tag-after' }, '已停用') : null),
          h('span', { class: 'item-meta' }, `${s.id} · ${meta}`)));
    }));
  const side = h('section', { class: 'card catalog-list' }, h('h2', null, '政务服务中心和大厅'), list);

  const main = h('div', { class: 'stack' }, siteCard(ctx, org, selected));
  if (selected.kind === 'center') {
    main.append(unitsCard(ctx, org, selected, org.sites.filter((s) => s.kind === 'hall'), null));
  } else {
    main.append(unitsCard(ctx, org, selected, roomsOf(selected.id), focusRoom));
  }
  root.append(h('div', { class: 'catalog-layout org-layout' }, side, main));
  const focused = focusRoom && root.querySelector(`tr[data-site="${focusRoom}"]`);
  if (focused) focused.scrollIntoView({ block: 'center' });
}

function kindName(site) {
  return { center: '政务服务中心', hall: '便民服务大厅', room: '便民服务室' }[site.kind] || site.kind;
}

// The selected center or hall: its name, code and state, and the admin's actions on it.
function siteCard(ctx, org, site) {
  const error = errorArea();
  const parent = site.parentId ? org.siteById.get(site.parentId) : null;
  const card = h('section', { class: 'card', 'data-test': 'site-card', 'data-site': site.id },
    h('div', { class: 'card-head' },
      h('div', { class: 'site-title' }, h('h2', null, site.name), statusTag(site)),
      h('div', { class: 'card-tools' }, siteActions(ctx, org, site, error, { big: true }))),
    h('p', { class: 'muted small' }, `${kindName(site)} · 场所编码 `, h('span', { class: 'mono' }, site.id),
      parent ? ` · 属于 ${parent.name}` : '',
      site.kind === 'center' ? ` · ${org.departments.length} 个进驻部门，各设窗口` : ''),
    error);
  return card;
}

// Rename, close or reopen, users and devices: the buttons for one site.
function siteActions(ctx, org, site, error, { big = false } = {}) {
  const size = big ? '' : ' btn-small';
  const users = h('a', { class: `btn${size}`, href: `#/users?site=${encodeURIComponent(site.id)}` }, '用户与设备');
  if (!isAdmin(ctx)) return h('div', { class: 'row-actions' }, users);
  const back = siteHash(site.kind === 'room' ? site.parentId : site.id);
  const rename = h('button', { type: 'button', class: `btn${size}`, 'data-site-action': 'rename' }, '改名');
  rename.addEventListener('click', async () => {
    const label = { center: '中心名称', hall: '乡镇（街道）名称', room: '村（社区）名称' }[site.kind];
    const suffix = { hall: HALL_SUFFIX, room: ROOM_SUFFIX }[site.kind] || '';
    const values = await promptDialog(`修改 ${site.name} 的名称`, [
      { name: 'name', label, value: site.unitName || site.name, hint: suffix ? `场所名称随之改为“名称${suffix}”` : undefined },
    ], {
      okText: '改名',
      message: '历史办件和统计中的场所按编码关联，不受影响。',
      check: (v) => { if (!v.name.trim()) throw new Error(`请填写${label}。`); },
    });
    if (!values) return;
    busy(rename, error, async () => {
      const res = await post(`/console/api/org/sites/${encodeURIComponent(site.id)}/rename`, { name: values.name.trim() });
      changed(ctx, `已将 ${site.name} 改名为 ${res.site.name}（${versionNote(res)}）。`, back);
    }, '…');
  });
  if (site.kind === 'center') return h('div', { class: 'row-actions' }, rename, users);
  const closed = site.active === false;
  const toggle = h('button', {
    type: 'button', class: `btn${size}${closed ? '' : ' btn-danger-outline'}`, 'data-site-action': closed ? 'open' : 'close',
  }, closed ? '启用' : '停用');
  toggle.addEventListener('click', async () => {
    if (closed) {
      busy(toggle, error, async () => {
        const res = await post(`/console/api/org/sites/${encodeURIComponent(site.id)}/active`, { active: true });
        changed(ctx, `已启用 ${site.name}（${versionNote(res)}）。`, back);
      }, '…');
      return;
    }
    // What keeps it open is shown before asking.
    const use = await busy(toggle, error, () => api(`/console/api/org/sites/${encodeURIComponent(site.id)}`), '…');
    if (!use) return;
    if (use.blockers && use.blockers.length) {
      const box = alertBox('error', [h('strong', null, `${site.name}现在不能停用：`),
        h('ul', { class: 'plain-list' }, use.blockers.map((b) => h('li', null, b)))]);
      box.setAttribute('data-test', 'error');
      error.replaceChildren(box);
      error.scrollIntoView({ block: 'nearest' });
      return;
    }
    if (!await confirmDialog('停用场所', `停用 ${site.name}？停用后不能在此新建用户或登记设备，也不再出现在同步监控中；场所编码保留，历史办件和统计不受影响，可随时重新启用。`, { okText: '停用', danger: true })) return;
    busy(toggle, error, async () => {
      const res = await post(`/console/api/org/sites/${encodeURIComponent(site.id)}/active`, { active: false });
      changed(ctx, `已停用 ${site.name}（${versionNote(res)}）。`, back);
    }, '…');
  });
  return h('div', { class: 'row-actions' }, rename, toggle, users);
}

// The next free code under `prefix`: three digits at `from`, then `tail` (as the server picks it).
function nextCode(org, prefix, from, tail) {
  let highest = 0;
  for (const s of org.sites) {
    if (s.id.length === 12 && s.id.startsWith(prefix) && s.id.slice(from + 3) === tail) {
      highest = Math.max(highest, Number(s.id.slice(from, from + 3)));
    }
  }
  return highest >= 999 ? '' : `${prefix}${String(highest + 1).padStart(3, '0')}${tail}`;
}

// The halls under the center, or the rooms under a hall, with the form for a new one.
function unitsCard(ctx, org, parent, units, focusRoom) {
  const admin = isAdmin(ctx);
  const rooms = parent.kind === 'hall';
  const error = errorArea();
  const columns = [
    { title: rooms ? '便民服务室' : '便民服务大厅', render: (s) => s.name },
    { title: '编码', cls: 'nowrap', render: (s) => h('span', { class: 'mono' }, s.id) },
  ];
  if (!rooms) {
    columns.push({
      title: '便民服务室', cls: 'nowrap',
      render: (s) => `${org.sites.filter((r) => r.kind === 'room' && r.parentId === s.id && r.active !== false).length} 个`,
    });
  }
  columns.push({ title: '状态', cls: 'nowrap', render: statusTag });
  columns.push({
    title: '操作', cls: 'nowrap',
    render: (s) => (rooms ? siteActions(ctx, org, s, error)
      : h('div', { class: 'row-actions' }, h('a', { class: 'btn btn-small', href: siteHash(s.id) }, '查看'))),
  });
  const sorted = units.slice().sort((a, b) => Number(a.active === false) - Number(b.active === false) || a.id.localeCompare(b.id));
  const open = units.filter((s) => s.active !== false).length;
  const card = h('section', { class: 'card', 'data-test': rooms ? 'rooms' : 'halls' },
    h('div', { class: 'card-head' },
      h('h2', null, rooms ? `下属便民服务室（在用 ${open} 个${open !== units.length ? `，停用 ${units.length - open} 个` : ''}）`
        : `便民服务大厅（在用 ${open} 个${open !== units.length ? `，停用 ${units.length - open} 个` : ''}）`)),
    error,
    table(columns, sorted, {
      empty: rooms ? '该大厅下还没有便民服务室' : '还没有便民服务大厅',
      rowAttrs: (s) => ({ 'data-site': s.id, class: `${s.active === false ? 'row-inactive' : ''}${s.id === focusRoom ? ' row-focus' : ''}` }),
    }));
  if (admin && parent.active !== false) card.append(newSiteForm(ctx, org, parent));
  else if (admin) card.append(h('p', { class: 'muted small' }, `${parent.name}已停用，不能在其下新设场所。`));
  return card;
}

function newSiteForm(ctx, org, parent) {
  const room = parent.kind === 'hall';
  const prefix = room ? parent.id.slice(0, 9) : parent.id.slice(0, 6);
  const next = room ? nextCode(org, prefix, 9, '') : nextCode(org, prefix, 6, '000');
  const name = h('input', { name: 'name', autocomplete: 'off', placeholder: room ? '如 新建村、幸福社区' : '如 新华镇、城东街道' });
  const code = h('input', { name: 'code', autocomplete: 'off', inputmode: 'numeric', maxlength: 12, class: 'mono', placeholder: next ? `留空自动编号：${next}` : '' });
  const preview = h('div', { class: 'muted small' });
  const suffix = room ? ROOM_SUFFIX : HALL_SUFFIX;
  const describe = () => {
    const n = name.value.trim().replace(new RegExp(`${suffix}$`), '');
    preview.textContent = n ? `场所名称：${n}${suffix}` : (room ? '名称以“村”或“社区”结尾。' : '名称以“镇”“乡”或“街道”结尾。');
  };
  name.addEventListener('input', describe);
  describe();
  const error = errorArea();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, room ? '新设便民服务室' : '新设便民服务大厅');
  const form = h('form', { class: 'form-grid', 'data-form': 'new-site', novalidate: true, autocomplete: 'off' },
    field(room ? '村（社区）名称' : '乡镇（街道）名称', name, { required: true }),
    field('场所编码', code, { hint: room ? `12 位数字：前 9 位为所属乡镇 ${prefix}，后 3 位为村号` : `12 位数字：前 6 位为本市 ${prefix}，第 7–9 位为乡镇号，后 3 位为 000` }),
    h('div', { class: 'field field-button' }, submit),
    h('div', { class: 'span-all' }, preview, error));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, error, async () => {
      const body = { parentId: parent.id, name: name.value.trim(), code: code.value.trim() };
      if (!body.name) throw new Error(room ? '请填写村（社区）名称。' : '请填写乡镇（街道）名称。');
      if (body.code && !/^\d{12}$/.test(body.code)) throw new Error('场所编码应为 12 位数字，或留空自动编号。');
      const res = await post('/console/api/org/sites', body);
      forgetOrg();
      reloadWith(ctx, 'success', [
        `已新设 ${res.site.name}（编码 ${res.site.id}，${versionNote(res)}）。`,
        h('a', { href: `#/users?site=${encodeURIComponent(res.site.id)}`, class: 'flash-link' }, '为该场所新建用户、登记设备 →'),
      ], siteHash(room ? parent.id : res.site.id));
    });
  });
  return h('div', { class: 'enroll', 'data-test': 'new-site' },
    h('h3', null, room ? `在${parent.name}下新设便民服务室` : '新设便民服务大厅'),
    form);
}

// --- windows ----------------------------------------------------------------------------------

async function renderWindows(root, ctx, org) {
  const data = await api('/console/api/org/windows');
  if (!ctx.current()) return;
  const admin = isAdmin(ctx);
  const windows = data.windows || [];
  const names = windows.map((w) => w.name);
  const error = errorArea();

  const rename = (w, button) => async () => {
    const values = await promptDialog(`${w.name}窗口改名`, [{ name: 'newName', label: '新名称', value: w.name, hint: '不带“窗口”二字，如 社保' }], {
      okText: '改名',
      message: `部门和事项随窗口改名（${w.departments.length} 个部门，${w.items.length} 个在用事项）。`,
      check: (v) => { if (!v.newName.trim()) throw new Error('请填写窗口名称。'); },
    });
    if (!values) return;
    busy(button, error, async () => {
      const res = await post('/console/api/org/windows/rename', { name: w.name, newName: values.newName.trim() });
      changed(ctx, `已将${w.name}窗口改名为${values.newName.trim()}窗口（${versionNote(res)}）。`, WINDOWS_HASH);
    }, '…');
  };
  const remove = (w, button) => async () => {
    const others = names.filter((n) => n !== w.name);
    const moveTo = await choiceDialog(`删除${w.name}窗口`,
      `删除后，该窗口受理的${w.departments.length ? `部门（${w.departments.join('、')}）和` : ''} ${w.items.length} 个在用事项改由下面选择的窗口受理，便民服务室也不再设此窗口。`,
      '改由哪个窗口受理', others.map((n) => [n, `${n}窗口`]), { okText: '删除窗口', danger: true, selected: '综合' });
    if (!moveTo) return;
    busy(button, error, async () => {
      const res = await post('/console/api/org/windows/remove', { name: w.name, moveTo });
      changed(ctx, `已删除${w.name}窗口，其事项改由${moveTo}窗口受理（${versionNote(res)}）。`, WINDOWS_HASH);
    }, '…');
  };
  const roomToggle = (w, button) => () => busy(button, error, async () => {
    const res = await post('/console/api/org/windows/room', { name: w.name, room: !w.room });
    changed(ctx, `便民服务室${w.room ? '不再设' : '增设'}${w.name}窗口（${versionNote(res)}）。`, WINDOWS_HASH);
  }, '…');

  const columns = [
    {
      title: '窗口', cls: 'nowrap',
      render: (w) => [h('strong', null, `${w.name}窗口`), w.general ? h('div', { class: 'muted small' }, '受理没有专设窗口的部门的事项') : null],
    },
    {
      title: '便民服务室', cls: 'nowrap',
      render: (w) => {
        const state = w.room ? h('span', { class: 'yes' }, '设') : h('span', { class: 'muted' }, '不设');
        if (!admin || w.general) return state;
        const b = h('button', { type: 'button', class: 'btn btn-small', 'data-window-action': 'room', title: w.room ? '便民服务室不再设此窗口' : '便民服务室也设此窗口' }, w.room ? '取消' : '增设');
        b.addEventListener('click', roomToggle(w, b));
        return h('div', { class: 'row-actions' }, state, b);
      },
    },
    { title: '受理的部门', render: (w) => (w.departments.length ? w.departments.join('、') : h('span', { class: 'muted' }, '—')) },
    {
      title: '在用事项', render: (w) => (w.items.length
        ? h('details', { class: 'window-items' }, h('summary', null, `${w.items.length} 项`),
          h('ul', { class: 'plain-list small' }, w.items.map((i) => h('li', null,
            h('a', { href: `#/catalog/${encodeURIComponent(i.id)}` }, i.name), h('span', { class: 'muted' }, ` ${i.department}`)))))
        : h('span', { class: 'muted' }, '—')),
    },
  ];
  if (admin) {
    columns.push({
      title: '操作', cls: 'nowrap',
      render: (w) => {
        if (w.general) return h('span', { class: 'muted small' }, '综合窗口必设');
        const r = h('button', { type: 'button', class: 'btn btn-small', 'data-window-action': 'rename' }, '改名');
        r.addEventListener('click', rename(w, r));
        const d = h('button', { type: 'button', class: 'btn btn-small btn-danger-outline', 'data-window-action': 'remove' }, '删除');
        d.addEventListener('click', remove(w, d));
        return h('div', { class: 'row-actions' }, r, d);
      },
    });
  }
  const card = h('section', { class: 'card', 'data-test': 'windows' },
    h('h2', null, `便民服务大厅的窗口（${windows.length} 个）和便民服务室的窗口（${windows.filter((w) => w.room).length} 个）`),
    h('p', { class: 'muted small' }, '各乡镇便民服务大厅统一设置下列窗口，各村（社区）便民服务室设其中标为“设”的窗口。便民服务室没有某部门的窗口时，其事项由综合窗口受理；市政务服务中心各部门设本部门窗口。单个事项的受理窗口在“事项目录”中编辑。'),
    error,
    table(columns, windows, { rowAttrs: (w) => ({ 'data-window': w.name }) }));
  if (admin) card.append(newWindowForm(ctx));
  root.append(card, departmentsCard(ctx, org, names));
}

function newWindowForm(ctx) {
  const name = h('input', { name: 'name', autocomplete: 'off', placeholder: '如 社保', maxlength: 8 });
  const room = checkbox('便民服务室也设此窗口', { name: 'room' });
  const error = errorArea();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '新增窗口');
  const form = h('form', { class: 'form-grid', 'data-form': 'new-window', novalidate: true, autocomplete: 'off' },
    field('窗口名称', name, { required: true, hint: '不带“窗口”二字，最多 8 个字' }),
    h('div', { class: 'field field-button' }, room.wrap),
    h('div', { class: 'field field-button' }, submit),
    h('div', { class: 'span-all' }, error));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, error, async () => {
      const n = name.value.trim();
      if (!n) throw new Error('请填写窗口名称。');
      const res = await post('/console/api/org/windows', { name: n, room: room.box.checked });
      changed(ctx, `已新增${n}窗口（${room.box.checked ? '大厅和便民服务室' : '便民服务大厅'}，${versionNote(res)}）。下面可把部门的事项改到该窗口。`, WINDOWS_HASH);
    });
  });
  return h('div', { class: 'enroll', 'data-test': 'new-window' }, h('h3', null, '新增窗口'), form);
}

// Which window takes each department's items.
function departmentsCard(ctx, org, windowNames) {
  const admin = isAdmin(ctx);
  const error = errorArea();
  const columns = [
    { title: '部门', cls: 'nowrap', render: (d) => d.name },
    { title: '代码', cls: 'nowrap', render: (d) => h('span', { class: 'mono' }, d.code) },
    {
      title: '在便民服务大厅由哪个窗口受理',
      render: (d) => {
        if (!admin) return `${d.window}窗口`;
        const select = h('select', { name: 'window', class: 'window-select', 'aria-label': `${d.name}的窗口` }, options(windowNames.map((n) => [n, `${n}窗口`]), d.window));
        const save = h('button', { type: 'button', class: 'btn btn-small btn-primary', 'data-dept-action': 'window', hidden: true }, '改到此窗口');
        select.addEventListener('change', () => { save.hidden = select.value === d.window; });
        save.addEventListener('click', () => busy(save, error, async () => {
          const res = await post(`/console/api/org/departments/${encodeURIComponent(d.code)}/window`, { window: select.value });
          changed(ctx, `${d.name}的事项改由${select.value}窗口受理（${res.items} 个事项版本随之调整，${versionNote(res)}）。`, WINDOWS_HASH);
        }, '…'));
        return h('div', { class: 'inline-form' }, select, save);
      },
    },
  ];
  return h('section', { class: 'card', 'data-test': 'departments' },
    h('h2', null, '部门的窗口'),
    h('p', { class: 'muted small' }, '部门的事项在便民服务大厅由所选窗口受理；单独指定了其他窗口的事项不随部门调整。'),
    error,
    table(columns, org.departments, { rowAttrs: (d) => ({ 'data-dept': d.code }) }));
}
