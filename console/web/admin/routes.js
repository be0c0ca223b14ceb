// The administration and 督办 screens (console/web/admin/*.js), spread into app.js's routes:
// 督办 and 差评整改 for supervisors and the departments; the catalog, the organisation (sites and
// windows), users and devices, the holiday calendar and the audit log for supervisors (reading)
// and admins (changing).
import * as duban from '/console/admin/duban.js';
import * as poor from '/console/admin/poor.js';
import * as catalog from '/console/admin/catalog.js';
import * as item from '/console/admin/item.js';
import * as org from '/console/admin/org.js';
import * as users from '/console/admin/users.js';
import * as calendar from '/console/admin/calendar.js';
import * as audit from '/console/admin/audit.js';

const DUBAN = ['supervisor', 'department_staff'];
const CENTER = ['supervisor', 'admin'];

export const ADMIN_ROUTES = [
  { path: /^\/duban$/, screen: duban, roles: DUBAN, nav: '督办', href: '#/duban' },
  { path: /^\/poor$/, screen: poor, roles: DUBAN, nav: '差评整改', href: '#/poor' },
  { path: /^\/catalog$/, screen: catalog, roles: CENTER, nav: '事项目录', href: '#/catalog' },
  { path: /^\/catalog\/(.+)$/, screen: item, roles: CENTER, navKey: '#/catalog' },
  { path: /^\/org$/, screen: org, roles: CENTER, nav: '组织机构', href: '#/org' },
  { path: /^\/users$/, screen: users, roles: CENTER, nav: '用户与设备', href: '#/users' },
  { path: /^\/calendar$/, screen: calendar, roles: CENTER, nav: '节假日', href: '#/calendar' },
  { path: /^\/audit$/, screen: audit, roles: CENTER, nav: '审计日志', href: '#/audit' },
];
