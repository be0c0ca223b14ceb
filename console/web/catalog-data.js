// The public catalog (GET /public/api/catalog), loaded once per page and brought to one shape:
// the API's names (basis, promisedDays, fees, contact …) and the seed file's names (legalBasis,
// promisedLimitDays, fee, consultPhone …) are both understood.
import { api } from '/console/api.js';
import { pick } from '/console/util.js';

let cached = null;

export function loadCatalog() {
  if (!cached) {
    cached = api('/public/api/catalog').then((data) => currentItems(data.items || []).map(normalizeItem));
    cached.catch(() => { cached = null; });
  }
  return cached;
}

// The catalog document holds every version of an item: the public sees the newest one of each,
// and nothing of a cancelled item.
function currentItems(items) {
  const newest = new Map();
  for (const item of items) {
    const seen = newest.get(item.id);
    if (!seen || Number(item.version || 0) > Number(seen.version || 0)) newest.set(item.id, item);
  }
  return [...newest.values()].filter((i) => i.status !== 'cancelled');
}

const asList = (v) => {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v;
  return [v];
};

function normalizeFee(item) {
  const fee = pick(item, 'fees', 'fee');
  if (fee === undefined) return { charged: null, basis: '', items: [] };
  if (Array.isArray(fee)) return { charged: fee.length > 0, basis: pick(item, 'feeBasis') || '', items: fee };
  if (typeof fee === 'string') return { charged: null, basis: '', text: fee, items: [] };
  return {
    charged: fee.charged === undefined ? null : Boolean(fee.charged),
    basis: fee.basis || '',
    items: asList(fee.items),
    text: fee.text || fee.description || '',
  };
}

function normalizeContact(item) {
  const contact = item.contact;
  let consult = pick(item, 'consultPhone');
  let supervise = pick(item, 'supervisePhone');
  let text = '';
  if (contact && typeof contact === 'object') {
    consult = consult || pick(contact, 'consultPhone', 'consult');
    supervise = supervise || pick(contact, 'supervisePhone', 'supervise');
  } else if (typeof contact === 'string') {
    text = contact;
  }
  return { consult: consult || '', supervise: supervise || '', text };
}

function normalizeProcedure(item) {
  const p = pick(item, 'procedure', 'steps');
  if (p === undefined) return { text: '', steps: [] };
  if (typeof p === 'string') return { text: p, steps: [] };
  if (Array.isArray(p)) return { text: '', steps: p };
  return { text: p.text || p.description || '', steps: asList(p.steps) };
}

export function normalizeItem(item) {
  return {
    id: item.id,
    version: item.version,
    status: item.status || 'active',
    name: item.name || item.id,
    variant: item.variant || '',
    department: pick(item, 'department', 'departmentName') || '',
    window: item.window || '',
    category: pick(item, 'category', 'itemTypeName', 'itemType') || '',
    caseKind: pick(item, 'caseKindName', 'caseKind') || '',
    basicCode: item.basicCode || '',
    implementationCode: item.implementationCode || '',
    basis: pick(item, 'basis', 'legalBasis') || '',
    conditions: asList(item.conditions),
    materials: asList(item.materials),
    procedure: normalizeProcedure(item),
    promisedDays: pick(item, 'promisedDays', 'promisedLimitDays'),
    legalDays: pick(item, 'legalDays', 'legalLimitDays'),
    fee: normalizeFee(item),
    place: item.place || '',
    hours: item.hours || '',
    contact: normalizeContact(item),
    levels: asList(item.levels),
  };
}
