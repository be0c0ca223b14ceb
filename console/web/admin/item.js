// One catalog item (#/catalog/<id>): the published version's 八公开, its versions, an unpublished
// draft; for admins the edit form (保存草稿 → 发布 with an effective date, or 放弃草稿) and the
// status changes (暂停, 恢复, 取消), each a new version. #/catalog/<id>?new=1&department=&name=
// starts a new item. Supervisors read.
import { api, ApiError } from '/console/api.js';
import { h, todayIso, table, dateInput, isoDate } from '/console/util.js';
import {
  isAdmin, busy, post, field, errorArea, confirmDialog, reloadWith, takeFlash, loadOrg, backLink,
} from '/console/admin/common.js';
import { statusBadge } from '/console/admin/codes.js';
import { itemView } from '/console/admin/item-view.js';
import { itemForm } from '/console/admin/item-form.js';

const itemPath = (id) => `/console/api/catalog/items/${encodeURIComponent(id)}`;
const itemHash = (id, tab) => `#/catalog/${encodeURIComponent(id)}${tab ? `?tab=${tab}` : ''}`;

// A new item's starting point: what the catalog file needs, to be completed in the form.
function template(id, department, name, org) {
  const dept = org.departments.find((d) => d.name === department);
  return {
    id,
    status: 'active',
    name,
    variant: '',
    basicCode: id,
    implementationCode: '',
    itemType: '20',
    serviceObject: ['1'],
    levels: ['4'],
    caseKind: '2',
    handling: { 4: 'center_complete' },
    department,
    window: dept ? dept.window : '综合',
    legalBasis: '',
    conditions: [],
    materials: [{ name: '申请表', required: true, originals: 1, copies: 0, source: '服务窗口提供', reviewPoints: '' }],
    steps: [{ step: '1', limitDays: 3 }, { step: '2', limitDays: 1 }, { step: '3', limitDays: 1 }],
    legalLimitDays: 20,
    promisedLimitDays: 10,
    fee: { charged: false, basis: '', items: [] },
    place: '赤壁市政务服务中心',
    consultPhone: '',
    supervisePhone: '',
  };
}

// The catalog checks answer in the loader's words (field names, English); this says which field
// is meant, and the common rules in Chinese. The server's own words are shown too.
const FIELD_NAMES = {
  name: '事项名称', variant: '业务办理项', basicCode: '基本编码', implementationCode: '实施编码',
  itemType: '事项类型', serviceObject: '服务对象', levels: '行使层级', caseKind: '办件类型',
  handling: '办理方式', department: '实施部门', window: '办理窗口', legalBasis: '设定依据',
  conditions: '受理条件', materials: '申请材料', steps: '审批环节', legalLimitDays: '法定办结时限',
  promisedLimitDays: '承诺办结时限', fee: '收费', 'fee.basis': '收费依据', 'fee.items': '收费项目',
  place: '办理地点', consultPhone: '咨询电话', supervisePhone: '监督电话', status: '状态',
  effectiveFrom: '生效日期',
};
const SUB_NAMES = {
  name: '名称', originals: '原件份数', copies: '复印件份数', source: '材料来源', reviewPoints: '审查要点',
  required: '必要性', limitDays: '时限', step: '环节', standard: '收费标准', amountFen: '金额',
  reductionBasis: '减免依据', reducible: '可减免',
};

function fieldLabel(path) {
  if (FIELD_NAMES[path]) return FIELD_NAMES[path];
  const m = path.match(/^([\w.]+)\[(\d+)\](?:\.(\w+))?$/);
  if (m) {
    const n = Number(m[2]) + 1;
    const what = { materials: `第 ${n} 项材料`, steps: `第 ${n} 个环节`, 'fee.items': `第 ${n} 个收费项目` }[m[1]]
      || `${FIELD_NAMES[m[1]] || m[1]}第 ${n} 项`;
    return m[3] ? `${what}的${SUB_NAMES[m[3]] || m[3]}` : what;
  }
  return path;
}

export function explainItemError(message) {
  const m = String(message).match(/field '([^']+)': (.*)$/);
  if (!m) return '';
  const [, path, rest] = m;
  const label = fieldLabel(path);
  let r;
  if ((r = rest.match(/^(\d+) must be shorter than the legal limit (\d+)/))) {
    return `承诺办结时限（${r[1]} 个工作日）应短于法定办结时限（${r[2]} 个工作日）。`;
  }
  if ((r = rest.match(/^step limits add up to (\d+), more than the promised limit (\d+)/))) {
    return `各审批环节时限合计 ${r[1]} 个工作日，超过了承诺办结时限 ${r[2]} 个工作日。`;
  }
  if (/即办件/.test(rest)) return '即办件当场办结，承诺办结时限应为 0。';
  if (/承诺件/.test(rest)) return '承诺件的承诺办结时限至少为 1 个工作日。';
  if (/must not be empty/.test(rest)) return `「${label}」不能为空。`;
  if (/at least one material must be required/.test(rest)) return '申请材料中至少要有一项必要材料。';
  if (/needs at least one original or copy/.test(rest)) return `${label.replace(/的.*$/, '')}至少需要一份原件或复印件。`;
  if ((r = rest.match(/^duplicate material '(.*)'/))) return `申请材料“${r[1]}”重复。`;
  if (/needs its 收费依据/.test(rest)) return '收费事项须填写收费依据。';
  if (/needs its 收费项目/.test(rest)) return '收费事项至少需要一个收费项目。';
  if (/must be positive/.test(rest)) return `${label}应大于 0。`;
  if (/lists no fee items/.test(rest)) return '不收费的事项不能列收费项目。';
  if (/no handling mode for level/.test(rest)) return '每个勾选的层级都需要办理方式。';
  if ((r = rest.match(/needs level (\d)/))) return `所选办理方式需要同时勾选${{ 4: '市级', 5: '镇（乡、街道）级', 6: '村（社区）级' }[r[1]] || r[1]}。`;
  if (/precedes the version it replaces/.test(rest)) return '生效日期不能早于上一版本的生效日期。';
  return `「${label}」不符合要求。`;
}

// An error of a catalog change: the server's message, with the Chinese reading when it is one of
// the catalog checks.
function itemError(e) {
  if (e instanceof ApiError && e.code === 'bad_item') {
    const err = new Error(e.message);
    const reading = explainItemError(e.message);
    err.nodes = [
      h('strong', null, '未通过校验，没有保存。'),
      reading ? h('span', { 'data-test': 'error-reading' }, ` ${reading}`) : null,
      h('div', { class: 'small server-message', 'data-test': 'server-message' }, `服务器提示：${e.message}`),
    ];
    return err;
  }
  return e;
}

export async function render(root, ctx) {
  const id = decodeURIComponent(ctx.match[1]);
  const admin = isAdmin(ctx);
  root.append(h('p', { class: 'muted' }, '正在加载事项…'));
  const org = await loadOrg();
  let data;
  try {
    data = await api(itemPath(id));
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
    if (!ctx.current()) return;
    if (admin && ctx.params.get('new') === '1') {
      const item = template(id, ctx.params.get('department') || '', ctx.params.get('name') || '', org);
      data = { id, published: null, versions: [], draft: null, draftBy: null, fresh: item };
    } else {
      root.replaceChildren(h('h1', null, '未找到事项'),
        h('div', { class: 'alert alert-error', role: 'alert' }, `事项目录中没有“${id}”。`),
        backLink('#/catalog', '返回事项目录'));
      return;
    }
  }
  if (!ctx.current()) return;
  renderItem(root, ctx, data, org);
}

function renderItem(root, ctx, data, org) {
  const admin = isAdmin(ctx);
  const { id, published, draft } = data;
  const shown = published || draft || data.fresh;
  const tabs = [];
  if (published) tabs.push({ key: 'published', name: `已发布 · 第 ${published.version} 版` });
  if (draft) tabs.push({ key: 'draft', name: '草稿' });
  if (admin) tabs.push({ key: 'edit', name: draft ? '编辑草稿' : '编辑' });
  let tab = ctx.params.get('tab');
  if (!tabs.some((t) => t.key === tab)) tab = tabs[0].key;

  const status = published ? published.status : 'draft';
  const sub = [
    h('span', { class: 'mono' }, id), shown.department,
    published ? `第 ${published.version} 版，${published.effectiveFrom} 起施行` : '尚未发布',
  ].filter(Boolean);
  const flash = takeFlash();
  const main = h('div', { class: 'case-main' });
  const side = h('aside', { class: 'case-side' });
  const layout = h('div', { class: 'case-layout item-layout' }, main, side);
  root.replaceChildren(h('div', { class: 'item-page', 'data-item-id': id },
    h('div', { class: 'screen-head' },
      h('div', null,
        h('h1', { 'data-test': 'item-title' }, shown.name || id, shown.variant ? `（${shown.variant}）` : '', ' ', statusBadge(status)),
        h('p', { class: 'muted' }, sub.flatMap((x, i) => (i ? ['　', x] : [x])))),
      h('div', { class: 'tools' },
        published && published.status !== 'cancelled'
          ? h('a', { href: `/public/catalog#${encodeURIComponent(id)}`, target: '_blank', rel: 'noopener', class: 'btn btn-small' }, '在办事指南中查看')
          : null,
        backLink('#/catalog', '返回事项目录'))),
    flash,
    published && published.status !== 'active' ? h('div', { class: 'alert alert-warn', 'data-test': 'status-note' },
      published.status === 'suspended'
        ? `该事项自 ${published.effectiveFrom} 起暂停办理：各场所不能受理，已受理的办件照常办理。`
        : `该事项自 ${published.effectiveFrom} 起取消：不再公开，也不能受理。`) : null,
    draft && tab !== 'draft' ? h('div', { class: 'alert alert-info', 'data-test': 'draft-note' },
      `有未发布的草稿（${data.draftBy || '—'} 保存）。`, admin ? '发布后成为新版本，各场所在下次同步后生效。' : '') : null,
    layout));

  const tabBar = h('div', { class: 'tabs', role: 'tablist' });
  const pane = h('div', { class: 'card tab-pane' });
  main.append(tabBar, pane);
  const show = (key) => {
    tab = key;
    if (!data.fresh) history.replaceState(null, '', itemHash(id, key === tabs[0].key ? '' : key));
    tabBar.replaceChildren(...tabs.map((t) => h('button', {
      type: 'button', role: 'tab', class: `tab${t.key === key ? ' active' : ''}`, 'data-tab': t.key,
      'aria-selected': t.key === key ? 'true' : 'false', onclick: () => show(t.key),
    }, t.name)));
    // The form takes the whole width; the publishing card comes back with the other tabs.
    layout.classList.toggle('editing', key === 'edit');
    if (key === 'published') pane.replaceChildren(itemView(published));
    else if (key === 'draft') {
      pane.replaceChildren(h('p', { class: 'muted small' }, `草稿由 ${data.draftBy || '—'} 保存，尚未发布。`),
        published ? changesBox(published, draft) : null, itemView({ ...draft, id }));
    }
    else pane.replaceChildren(editPane(ctx, data, org));
  };
  show(tab);

  if (admin) side.append(changesCard(ctx, data));
  else side.append(h('section', { class: 'card', 'data-test': 'read-only' }, h('h2', null, '只读查看'),
    h('p', { class: 'muted' }, '事项目录由系统管理员维护；电子监察人员可以查看各版本和草稿。')));
  side.append(versionsCard(data));
}

// What the draft changes against the published version: old → new for plain values, "已修改" for
// lists (materials, steps, fees …).
function changesBox(published, draft) {
  const skip = new Set(['id', 'version', 'effectiveFrom', 'status']);
  const keys = [...new Set([...Object.keys(published), ...Object.keys(draft)])].filter((k) => !skip.has(k));
  const show = (v) => (v === undefined || v === null || v === '' ? '（空）' : String(v));
  const changes = keys.filter((k) => JSON.stringify(published[k]) !== JSON.stringify(draft[k])).map((k) => {
    const a = published[k];
    const b = draft[k];
    const plain = (v) => v === undefined || v === null || typeof v !== 'object';
    return h('li', { 'data-field': k }, h('strong', null, FIELD_NAMES[k] || k), '：',
      plain(a) && plain(b) ? [h('span', { class: 'old' }, show(a)), ' → ', h('span', { class: 'new' }, show(b))] : '已修改');
  });
  return h('div', { class: 'alert alert-info changes', 'data-test': 'draft-changes' },
    changes.length ? [h('div', null, `与已发布的第 ${published.version} 版相比，修改了 ${changes.length} 项：`), h('ul', { class: 'plain' }, changes)]
      : '与已发布版本内容相同。');
}

function editPane(ctx, data, org) {
  const { id } = data;
  const source = data.draft || data.published || data.fresh;
  const form = itemForm({ ...source, id }, org);
  const error = errorArea();
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-test': 'save-draft' }, '保存草稿');
  const el = h('form', { class: 'stack', 'data-form': 'item', novalidate: true },
    h('p', { class: 'muted small' }, data.draft
      ? '正在编辑草稿。保存时按下一版本校验，通过后才保存；发布前不影响各场所。'
      : (data.published ? `以第 ${data.published.version} 版为底稿编辑。保存时按下一版本校验，通过后保存为草稿。` : '新事项：填写完整后保存为草稿，再发布。')),
    form.element,
    h('div', { class: 'form-foot' }, error, h('div', { class: 'form-actions' }, save,
      h('a', { class: 'btn', href: itemHash(id) }, '取消'))));
  el.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(save, error, async () => {
      const item = form.collect();
      try {
        await post(`${itemPath(id)}/draft`, { item });
      } catch (e) {
        throw itemError(e);
      }
      reloadWith(ctx, 'success', '草稿已保存并通过校验。请核对下面的草稿，确认无误后在右侧选择生效日期并“发布”。', itemHash(id, 'draft'));
    });
  });
  return el;
}

// An effective date, today by default; the element for the page and the date (or an Error).
function effectiveDate(name) {
  const { input, element } = dateInput({ name, value: todayIso() });
  return {
    element,
    value: () => {
      const iso = isoDate(input.value);
      if (!iso) throw new Error('请按“年-月-日”填写生效日期，如 2026-12-01。');
      return iso;
    },
  };
}

function changesCard(ctx, data) {
  const { id, published, draft } = data;
  const card = h('section', { class: 'card actions-card', 'data-test': 'item-actions' }, h('h2', null, '发布和状态'));
  const error = errorArea();

  // The draft: publish or discard.
  if (draft) {
    const from = effectiveDate('publishFrom');
    const publish = h('button', { type: 'button', class: 'btn btn-primary', 'data-test': 'publish' }, '发布');
    const discard = h('button', { type: 'button', class: 'btn btn-danger-outline', 'data-test': 'discard' }, '放弃草稿');
    publish.addEventListener('click', () => busy(publish, error, async () => {
      const res = await post(`${itemPath(id)}/publish`, { effectiveFrom: from.value() }).catch((e) => { throw itemError(e); });
      reloadWith(ctx, 'success', `已发布第 ${res.version} 版（参考数据第 ${res.referenceVersion} 版），各场所下次同步后生效。`, itemHash(id));
    }, '正在发布…'));
    discard.addEventListener('click', async () => {
      if (!await confirmDialog('放弃草稿', `放弃事项 ${id} 的草稿？草稿中的修改将丢失。`, { okText: '放弃草稿', danger: true })) return;
      busy(discard, error, async () => {
        await post(`${itemPath(id)}/discard`);
        reloadWith(ctx, 'success', '草稿已放弃。', published ? itemHash(id) : '#/catalog');
      });
    });
    card.append(h('div', { class: 'stack' },
      h('p', { class: 'small' }, `草稿：${data.draftBy || '—'} 保存，待发布。`),
      field('生效日期', from.element, { hint: '不早于上一版本的生效日期' }),
      h('div', { class: 'form-actions' }, publish, discard)));
  } else {
    card.append(h('p', { class: 'muted small' }, published ? '没有待发布的草稿。在“编辑”中修改并保存草稿后即可发布。' : '填写后保存草稿，再发布为第 1 版。'));
  }

  // The status of the published item.
  if (published) {
    const from = effectiveDate('statusFrom');
    const buttons = h('div', { class: 'form-actions wrap' });
    const change = (target, text, cls, question) => {
      const b = h('button', { type: 'button', class: `btn ${cls}`, 'data-status-action': target }, text);
      b.addEventListener('click', async () => {
        if (!await confirmDialog(text, question, { okText: text, danger: target === 'cancelled' })) return;
        busy(b, error, async () => {
          const res = await post(`${itemPath(id)}/status`, { status: target, effectiveFrom: from.value() }).catch((e) => { throw itemError(e); });
          const done = { active: '恢复办理', suspended: '暂停办理', cancelled: '取消' }[target];
          reloadWith(ctx, 'success', `事项已${done}（第 ${res.version} 版），各场所下次同步后生效。`, itemHash(id));
        });
      });
      buttons.append(b);
    };
    const name = published.name;
    if (published.status !== 'suspended' && published.status !== 'cancelled') {
      change('suspended', '暂停办理', '', `暂停办理“${name}”？暂停后各场所不能再受理该事项，已受理的办件照常办理。`);
    }
    if (published.status !== 'active') {
      change('active', '恢复办理', '', `恢复办理“${name}”？`);
    }
    if (published.status !== 'cancelled') {
      change('cancelled', '取消事项', 'btn-danger-outline', `取消事项“${name}”？取消后该事项不再公开，也不能受理。`);
    }
    card.append(h('div', { class: 'stack status-box' },
      h('div', null, '当前状态：', statusBadge(published.status)),
      field('生效日期', from.element),
      buttons));
  }
  card.append(error);
  return card;
}

function versionsCard(data) {
  const versions = (data.versions || []).slice().sort((a, b) => Number(b.version) - Number(a.version));
  return h('section', { class: 'card', 'data-test': 'versions' }, h('h2', null, '版本'),
    table([
      { title: '版本', render: (v) => `第 ${v.version} 版`, cls: 'nowrap' },
      { title: '状态', render: (v) => statusBadge(v.status), cls: 'nowrap' },
      { title: '生效日期', render: (v) => v.effectiveFrom || '—', cls: 'nowrap' },
    ], versions, { empty: '尚未发布' }),
    data.draft ? h('p', { class: 'muted small' }, `另有草稿待发布（${data.draftBy || '—'}）。`) : null);
}

