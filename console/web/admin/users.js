// 用户与设备 (#/users?site=<id>): the users of one site (the center by default) and its devices.
// Admins create users (with the roles that work at that kind of site), deactivate and reactivate
// them, reset passwords, revoke devices and issue enrollment codes (shown once); supervisors read.
import { api } from '/console/api.js';
import { h, fmtTime, table } from '/console/util.js';
import {
  isAdmin, busy, post, field, errorArea, options, intValue, confirmDialog, promptDialog,
  reloadWith, takeFlash, loadOrg, SITE_KINDS, ROLE_NAMES, ROLES_BY_KIND, GRADE_NAMES,
} from '/console/admin/common.js';

const MIN_PASSWORD = 8;
const KIND_ORDER = ['center', 'hall', 'room'];
const GROUP_NAMES = { center: '政务服务中心', hall: '便民服务大厅', room: '便民服务室' };

const usersHash = (siteId, view) => `#/users?site=${encodeURIComponent(siteId)}${view === 'devices' ? '&view=devices' : ''}`;

export async function render(root, ctx) {
  const admin = isAdmin(ctx);
  const org = await loadOrg();
  if (!ctx.current()) return;
  const siteId = ctx.params.get('site') || org.center?.id || '';
  const site = org.siteById.get(siteId);
  const flash = takeFlash();

  root.append(h('div', { class: 'screen-head' },
    h('div', null, h('h1', null, '用户与设备'),
      h('p', { class: 'muted' }, admin ? '选择服务场所，管理其用户账号和登记的设备。' : '只读查看：用户和设备由系统管理员管理。'))));
  root.append(sitePicker(ctx, org, siteId));
  if (flash) root.append(flash);
  if (!site) {
    root.append(h('div', { class: 'alert alert-error', role: 'alert' }, `没有服务场所“${siteId}”。`));
    return;
  }

  const [users, devices] = await Promise.all([
    api(`/console/api/users?site=${encodeURIComponent(site.id)}`),
    api(`/console/api/devices?site=${encodeURIComponent(site.id)}`),
  ]);
  if (!ctx.current()) return;

  const parent = site.parentId ? org.siteById.get(site.parentId) : null;
  const userList = users.users || [];
  const deviceList = devices.devices || [];
  const view = ctx.params.get('view') === 'devices' ? 'devices' : 'users';
  const live = deviceList.filter((d) => !d.revokedAt).length;
  root.append(h('div', { class: 'site-title', 'data-site': site.id },
    h('h2', null, site.name),
    h('span', { class: 'muted' }, `${SITE_KINDS[site.kind] || site.kind} · 场所编码 `, h('span', { class: 'mono' }, site.id),
      parent ? ` · 属于 ${parent.name}` : ''),
    site.active === false ? h('span', { class: 'tag tag-grey' }, '已停用') : null,
    h('a', { href: `#/org?site=${encodeURIComponent(site.id)}`, class: 'small' }, '在组织机构中查看')));
  if (site.active === false) {
    root.append(h('div', { class: 'alert alert-info', role: 'status' }, '该场所已停用：不能新建用户或登记设备。需要时可在“组织机构”中重新启用。'));
  }
  root.append(h('div', { class: 'tabs', role: 'tablist' }, [
    ['users', `用户（${userList.length}）`],
    ['devices', `设备（${live}${live !== deviceList.length ? ` / 共 ${deviceList.length}` : ''}）`],
  ].map(([key, text]) => h('button', {
    type: 'button', role: 'tab', class: `tab${key === view ? ' active' : ''}`, 'data-view': key,
    'aria-selected': key === view ? 'true' : 'false',
    onclick: () => ctx.navigate(usersHash(site.id, key)),
  }, text))));
  if (view === 'users') {
    if (admin && site.active !== false) root.append(newUserCard(ctx, site, org));
    root.append(usersCard(ctx, site, userList));
  } else {
    root.append(devicesCard(ctx, site, deviceList, org));
  }
}

// --- the site ---------------------------------------------------------------------------------

function siteLabel(s, org) {
  const closed = s.active === false ? '（已停用）' : '';
  if (s.kind !== 'room') return `${s.name}${closed}`;
  const hall = s.parentId ? org.siteById.get(s.parentId) : null;
  return hall ? `${s.name}（${hall.name.replace(/便民服务大厅$/, '')}）${closed}` : `${s.name}${closed}`;
}

function sitePicker(ctx, org, current) {
  const search = h('input', { id: 'site-search', type: 'search', placeholder: '场所名称或编码', autocomplete: 'off' });
  const select = h('select', { id: 'site-select', name: 'site' });
  const count = h('span', { class: 'muted small' });
  const draw = () => {
    const q = search.value.trim();
    const groups = KIND_ORDER.map((kind) => {
      const sites = org.sites.filter((s) => s.kind === kind && (!q || s.name.includes(q) || s.id.includes(q)));
      if (!sites.length) return null;
      return h('optgroup', { label: `${GROUP_NAMES[kind]}（${sites.length}）` },
        sites.map((s) => h('option', { value: s.id, selected: s.id === current }, siteLabel(s, org))));
    }).filter(Boolean);
    select.replaceChildren(...groups);
    const n = select.querySelectorAll('option').length;
    // The current site when it matches, else the first that does.
    if (n && !select.querySelector('option:checked')) select.selectedIndex = 0;
    count.textContent = q ? `找到 ${n} 个场所` : `共 ${org.sites.length} 个场所`;
  };
  search.addEventListener('input', draw);
  const go = h('button', { type: 'button', class: 'btn btn-primary' }, '查看');
  const view = ctx.params.get('view');
  go.addEventListener('click', () => { if (select.value) ctx.navigate(usersHash(select.value, view)); });
  select.addEventListener('change', () => ctx.navigate(usersHash(select.value, view)));
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      go.click();
    }
  });
  draw();
  return h('div', { class: 'card' }, h('div', { class: 'filters' },
    field('查找场所', search),
    h('div', { class: 'field field-wide' }, h('label', { for: select.id }, '服务场所'), select),
    h('div', { class: 'field field-button' }, go, count)));
}

// --- users ------------------------------------------------------------------------------------

function usersCard(ctx, site, users) {
  const admin = isAdmin(ctx);
  const error = errorArea();
  const all = users.slice().sort((a, b) => String(a.userId).localeCompare(String(b.userId)));
  const actions = (u) => {
    if (!admin) return '';
    const self = u.userId === ctx.user.userId;
    const toggle = h('button', {
      type: 'button', class: `btn btn-small${u.active ? ' btn-danger-outline' : ''}`,
      'data-user-action': u.active ? 'deactivate' : 'activate', disabled: self && u.active,
      title: self && u.active ? '不能停用自己的账号' : null,
    }, u.active ? '停用' : '启用');
    toggle.addEventListener('click', async () => {
      if (u.active && !await confirmDialog('停用用户', `停用 ${u.name}（${u.userId}）？停用后该用户不能登录，已登录的工作台会话立即结束。`, { okText: '停用', danger: true })) return;
      busy(toggle, error, async () => {
        await post(`/console/api/users/${encodeURIComponent(u.userId)}/active`, { active: !u.active });
        reloadWith(ctx, 'success', `已${u.active ? '停用' : '启用'}用户 ${u.name}（${u.userId}）。`);
      }, '…');
    });
    const reset = h('button', { type: 'button', class: 'btn btn-small', 'data-user-action': 'password' }, '重置密码');
    reset.addEventListener('click', async () => {
      const values = await promptDialog(`重置 ${u.name} 的密码`, [
        { name: 'password', label: '新密码', type: 'password', hint: `至少 ${MIN_PASSWORD} 个字符` },
        { name: 'again', label: '再次输入', type: 'password' },
      ], {
        okText: '重置密码',
        message: `用户 ${u.userId} 下次登录使用新密码。`,
        check: (v) => {
          if (v.password.length < MIN_PASSWORD) throw new Error(`密码至少 ${MIN_PASSWORD} 个字符。`);
          if (v.password !== v.again) throw new Error('两次输入的密码不一致。');
        },
      });
      if (!values) return;
      busy(reset, error, async () => {
        await post(`/console/api/users/${encodeURIComponent(u.userId)}/password`, { password: values.password });
        reloadWith(ctx, 'success', `已重置用户 ${u.name}（${u.userId}）的密码。`);
      }, '…');
    });
    return h('div', { class: 'row-actions' }, toggle, reset);
  };
  const columns = [
    { title: '用户名', render: (u) => h('span', { class: 'mono' }, u.userId), cls: 'nowrap' },
    { title: '姓名', render: (u) => u.name || '—' },
    { title: '角色', render: (u) => u.roleName || ROLE_NAMES[u.role] || u.role, cls: 'nowrap' },
    { title: '部门', render: (u) => u.department || '—', cls: 'nowrap' },
    { title: '级别', render: (u) => GRADE_NAMES[u.grade] || '—', cls: 'nowrap' },
    { title: '状态', render: (u) => (u.active ? h('span', { class: 'yes' }, '启用') : h('span', { class: 'tag tag-grey' }, '已停用')), cls: 'nowrap' },
    { title: '锁定', render: (u) => (u.locked ? h('span', { class: 'tag tag-red', title: '多次输错密码，暂时锁定' }, '已锁定') : '—'), cls: 'nowrap' },
  ];
  if (admin) columns.push({ title: '操作', render: actions, cls: 'nowrap' });
  const search = h('input', { id: 'user-search', type: 'search', placeholder: '用户名、姓名、角色或部门', autocomplete: 'off' });
  const onlyInactive = h('input', { id: 'user-inactive', type: 'checkbox' });
  const count = h('span', { class: 'muted small' });
  const body = h('div');
  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const rows = all.filter((u) => (!onlyInactive.checked || !u.active || u.locked)
      && (!q || [u.userId, u.name, u.roleName, ROLE_NAMES[u.role], u.department]
        .some((x) => x && String(x).toLowerCase().includes(q))));
    count.textContent = rows.length === all.length ? `共 ${all.length} 人` : `${rows.length} / ${all.length} 人`;
    body.replaceChildren(table(columns, rows, {
      empty: all.length ? '没有符合条件的用户' : '该场所没有用户',
      rowAttrs: (u) => ({ 'data-user-id': u.userId, class: u.active ? '' : 'row-inactive' }),
    }));
  };
  search.addEventListener('input', draw);
  onlyInactive.addEventListener('change', draw);
  draw();
  return h('section', { class: 'card', 'data-test': 'users' },
    h('div', { class: 'card-head' }, h('h2', null, '用户账号'),
      h('div', { class: 'card-tools' }, search,
        h('label', { for: onlyInactive.id, class: 'check nowrap' }, onlyInactive, ' 只看停用或锁定的'), count)),
    error,
    body);
}

function newUserCard(ctx, site, org) {
  const roles = ROLES_BY_KIND[site.kind] || [];
  const userId = h('input', { name: 'userId', autocomplete: 'off', placeholder: `如 ${{ center: 'mzj-handler2', hall: `clerk2-${site.id}`, room: `agent2-${site.id}` }[site.kind] || ''}` });
  const name = h('input', { name: 'name', autocomplete: 'off' });
  const role = h('select', { name: 'role' }, options(roles.map((r) => [r, ROLE_NAMES[r]]), roles[0]));
  const dept = h('select', { name: 'department' }, h('option', { value: '' }, '请选择部门'),
    org.departments.map((d) => h('option', { value: d.name }, d.name)));
  const grade = h('select', { name: 'grade' }, options(Object.entries(GRADE_NAMES).map(([g, n]) => [g, `${g} ${n}`]), '1'));
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password' });
  const deptField = field('部门', dept, { required: true });
  const gradeField = field('级别', grade, { required: true, hint: '承办人、审核人或批准人' });
  const sync = () => {
    const staff = role.value === 'department_staff';
    deptField.hidden = !staff;
    gradeField.hidden = !staff;
  };
  role.addEventListener('change', sync);
  sync();
  const error = errorArea();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '创建用户');
  const form = h('form', { class: 'form-grid', 'data-form': 'new-user', novalidate: true, autocomplete: 'off' },
    field('用户名', userId, { required: true }),
    field('姓名', name, { required: true }),
    field('角色', role, { required: true, hint: `${SITE_KINDS[site.kind] || ''}可设的角色` }),
    deptField, gradeField,
    field('初始密码', password, { required: true, hint: `至少 ${MIN_PASSWORD} 个字符` }),
    h('div', { class: 'span-all' }, error, h('div', { class: 'form-actions' }, submit)));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, error, async () => {
      const body = {
        userId: userId.value.trim(), name: name.value.trim(), role: role.value, siteId: site.id,
        department: '', grade: 0, password: password.value,
      };
      if (!body.userId) throw new Error('请填写用户名。');
      if (!body.name) throw new Error('请填写姓名。');
      if (body.role === 'department_staff') {
        if (!dept.value) throw new Error('部门工作人员须选择部门。');
        body.department = dept.value;
        body.grade = Number(grade.value);
      }
      if (body.password.length < MIN_PASSWORD) throw new Error(`初始密码至少 ${MIN_PASSWORD} 个字符。`);
      await post('/console/api/users', body);
      reloadWith(ctx, 'success', `已创建用户 ${body.name}（${body.userId}，${ROLE_NAMES[body.role]}${body.department ? `，${body.department}` : ''}）。`);
    });
  });
  return h('section', { class: 'card', 'data-test': 'new-user' },
    h('h2', null, '新建用户'),
    roles.length ? form : h('p', { class: 'muted' }, '该场所不能设用户。'));
}

// --- devices ----------------------------------------------------------------------------------

function devicesCard(ctx, site, devices, org) {
  const admin = isAdmin(ctx);
  const error = errorArea();
  const rows = devices.slice().sort((a, b) => Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt))
    || Number(b.enrolledAt || 0) - Number(a.enrolledAt || 0));
  const columns = [
    { title: '设备', render: (d) => [h('div', null, d.name || '—'), h('div', { class: 'muted small mono' }, d.deviceId)] },
    { title: '部门', render: (d) => d.department || '—', cls: 'nowrap' },
    { title: '登记时间', render: (d) => fmtTime(d.enrolledAt), cls: 'nowrap' },
    { title: '最后同步', render: (d) => (d.lastSeen ? fmtTime(d.lastSeen) : h('span', { class: 'muted' }, '从未同步')), cls: 'nowrap' },
    { title: '客户端版本', render: (d) => d.clientVersion || '—', cls: 'nowrap' },
    {
      title: '状态', cls: 'nowrap',
      render: (d) => (d.revokedAt
        ? [h('span', { class: 'tag tag-red' }, '已吊销'), h('div', { class: 'muted small' }, fmtTime(d.revokedAt))]
        : h('span', { class: 'yes' }, '在用')),
    },
  ];
  if (admin) {
    columns.push({
      title: '操作', cls: 'nowrap',
      render: (d) => {
        if (d.revokedAt) return '';
        const b = h('button', { type: 'button', class: 'btn btn-small btn-danger-outline', 'data-device-action': 'revoke' }, '吊销');
        b.addEventListener('click', async () => {
          const question = `吊销设备“${d.name || d.deviceId}”？吊销后该设备不能再同步，须用新的注册码重新登记。尚未上传的数据将留在设备上。`;
          if (!await confirmDialog('吊销设备', question, { okText: '吊销', danger: true })) return;
          busy(b, error, async () => {
            await post(`/console/api/devices/${encodeURIComponent(d.deviceId)}/revoke`);
            reloadWith(ctx, 'success', `已吊销设备 ${d.name || d.deviceId}。`);
          }, '…');
        });
        return b;
      },
    });
  }
  const card = h('section', { class: 'card', 'data-test': 'devices' },
    h('h2', null, '登记的设备'),
    error,
    table(columns, rows, {
      empty: '该场所尚未登记设备',
      rowAttrs: (d) => ({ 'data-device-id': d.deviceId, class: d.revokedAt ? 'row-inactive' : '' }),
    }));
  if (admin && site.active !== false) card.append(enrollForm(ctx, site, org));
  return card;
}

function enrollForm(ctx, site, org) {
  const days = h('input', { name: 'days', type: 'number', min: 1, max: 30, step: 1, value: 7 });
  const dept = site.kind === 'center'
    ? h('select', { name: 'department' }, h('option', { value: '' }, '不限部门'),
      org.departments.map((d) => h('option', { value: d.name }, d.name)))
    : null;
  const error = errorArea();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '生成注册码');
  const form = h('form', { class: 'form-grid enroll-form', 'data-form': 'enroll', novalidate: true },
    field('有效期（天）', days, { required: true, hint: '1–30 天，过期作废' }),
    dept ? field('部门', dept, { hint: '中心的部门设备可指定部门' }) : null,
    h('div', { class: 'field field-button' }, submit),
    h('div', { class: 'span-all' }, error));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, error, async () => {
      const n = intValue(days, '有效期', { min: 1, max: 30 });
      const body = { siteId: site.id, days: n };
      if (dept && dept.value) body.department = dept.value;
      const res = await post('/console/api/enrollment-codes', body);
      reloadWith(ctx, 'success', codeBox(res, site, body.department));
    }, '正在生成…');
  });
  return h('div', { class: 'enroll' },
    h('h3', null, '登记新设备'),
    h('p', { class: 'muted small' }, '生成一次性注册码，在该场所的新设备上首次登录时输入。注册码只显示一次。'),
    form);
}

function codeBox(res, site, department) {
  return h('div', { class: 'code-box', 'data-test': 'enrollment-code-box' },
    h('div', { class: 'code-label' }, `${site.name}${department ? ` · ${department}` : ''} 的设备注册码`),
    h('div', { class: 'code', 'data-test': 'enrollment-code' }, res.code),
    h('div', { class: 'small' }, `有效期至 ${fmtTime(res.expiresAt)}，只能使用一次。`),
    h('div', { class: 'small strong' }, '此注册码只显示这一次，请立即抄下并交给该场所。'));
}
