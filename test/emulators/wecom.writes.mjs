// Directory write endpoints of the WeCom emulator: members (user/create, update, delete,
// batchdelete) and departments (department/create, update, delete), as wecom-api.md §2–4
// documents them. `writeRoutes(P, h)` returns ROUTES entries; `h` carries the emulator's
// helpers (fail, requireBodyObject) so this module does not import wecom.mjs.
//
// Rules kept here (and where the reference is thin, the choice made):
// - Only the contacts-sync secret may write (D90195; EC 48002 "写通讯录接口，只能由通讯录同步助手的
//   access_token来调用"): the app secret gets 48002. With `contactsEditing: false` (contacts sync
//   left in read-only mode) writes get 60011 ("no edit right").
// - user/create: a department id that does not exist is created under "待设置部门", named
//   after its id, and reported in created_department_list; a missing, empty or 0 department
//   puts the member in "待设置部门" (current D90195 text; EC 41019 still says the department is
//   required, which the reference marks as outdated). Strings in `department` give 41019.
// - userid uniqueness ignores case (60102); mobile 60104, email 60106, biz_mail 60145.
// - user/update changes only the fields sent; `mobile` is ignored without error once the
//   member has activated (status 1); new_userid gives 301036 (only system-generated userids
//   may change, and the emulator has none). An unknown department id is created under
//   "待设置部门" as user/create does: D90197 (user/update) is silent on unknown ids, the choice
//   here is that both writes treat `department` alike. Its answer stays {errmsg: "updated"}:
//   D90197 documents no created_department_list for user/update.
// - user/batchdelete is all-or-nothing: any unknown userid gives 60111 and deletes nothing.
// - department/delete checks root (60007), existence (60003), members (60005), children (60006).

import { createMemberRules, normalizeMobile } from './wecom.memberRules.mjs';

export const PENDING_DEPARTMENT_NAME = '待设置部门';
const DEPT_ILLEGAL = /[\\:*?"<>|]/;
const UINT32_MAX = 4294967295;
const MAX_DEPTH = 15;

const present = (body, key) => body[key] !== undefined && body[key] !== null;

export function writeRoutes(P, h) {
	const { fail, requireBodyObject } = h;
	const rules = createMemberRules(fail);

	function assertCanWrite(ctx) {
		if (ctx.kind !== 'contacts') fail(48002, 'writing the directory needs the contacts-sync secret');
		if (!ctx.opts.contactsEditing) fail(60011, 'contacts sync is not in API editing mode');
	}

	function nextDepartmentId(state) {
		let max = 1;
		for (const id of state.departments.keys()) if (id > max) max = id;
		return max + 1;
	}

	function pendingDepartment(state) {
		for (const id of state.children.get(1) ?? []) {
			const d = state.departments.get(id);
			if (d?.name === PENDING_DEPARTMENT_NAME) return d.id;
		}
		return state.addDepartment({ id: nextDepartmentId(state), name: PENDING_DEPARTMENT_NAME, parentId: 1, order: 0 }).id;
	}

	/** user/create's department resolution: 0 → 待设置部门, unknown ids created under it. */
	function resolveCreateDepartments(state, requested) {
		const created = [];
		if (!requested || requested.length === 0) return { ids: [pendingDepartment(state)], created };
		const ids = requested.map((id) => {
			if (id === 0) return pendingDepartment(state);
			if (!state.departments.has(id)) {
				const d = state.addDepartment({ id, name: String(id), parentId: pendingDepartment(state), order: 0 });
				created.push({ name: d.name, id: d.id });
			}
			return id;
		});
		return { ids: [...new Set(ids)], created };
	}

	function holderOf(index, key, self) {
		const holder = index.get(key);
		return holder !== undefined && holder !== self ? holder : undefined;
	}

	function assertUnique(state, user) {
		if (user.mobile && holderOf(state.byMobile, user.mobile, user.userid)) fail(60104);
		if (user.email && holderOf(state.byEmail, user.email.toLowerCase(), user.userid)) fail(60106);
		if (user.bizMail && holderOf(state.byBizMail, user.bizMail.toLowerCase(), user.userid)) fail(60145);
	}

	/** Copy the optional fields present in a create/update body onto a user record. */
	function applyFields(user, body, { mobileLocked }) {
		const set = (key, field, map = (v) => v) => {
			if (present(body, key)) user[field] = body[key] === '' ? undefined : map(body[key]);
		};
		if (present(body, 'name')) user.name = body.name;
		if (!mobileLocked) set('mobile', 'mobile', normalizeMobile);
		set('email', 'email');
		set('biz_mail', 'bizMail');
		set('alias', 'alias');
		set('position', 'position');
		set('telephone', 'telephone');
		set('address', 'address');
		set('gender', 'gender');
		set('external_position', 'externalPosition');
		if (present(body, 'enable')) user.enable = body.enable;
		if (present(body, 'direct_leader')) user.directLeader = [...body.direct_leader];
		if (present(body, 'avatar_mediaid')) user.avatar = `https://wework.qpic.cn/wwpic/media-${body.avatar_mediaid}/0`;
		if (present(body, 'external_profile')) user.externalProfile = body.external_profile;
	}

	/** Attributes not defined in the admin console are dropped without error (D90195). */
	function keepDefinedAttrs(ctx, extattr) {
		const defined = new Set(ctx.opts.extattrNames);
		return { attrs: extattr.attrs.filter((a) => defined.has(a.name)) };
	}

	function assertMainDepartment(user) {
		if (!user.departments.includes(user.mainDepartment)) fail(40058, 'main_department must be one of department');
	}

	// ---- departments ---------------------------------------------------------------------------

	function departmentName(value, key) {
		if (value === undefined || value === null || value === '') fail(60001, `${key} may not be empty`);
		if (typeof value !== 'string') fail(60125, `${key} must be a string`);
		if ([...value].length > 64) fail(60001, `${key}: at most 64 characters`);
		if (DEPT_ILLEGAL.test(value)) fail(60009, `${key} may not contain \\:*?"<>|`);
		return value;
	}

	function siblingHasName(state, parentId, name, self) {
		for (const id of state.children.get(parentId) ?? []) {
			if (id !== self && state.departments.get(id)?.name === name) return true;
		}
		return false;
	}

	function depthOf(state, id) {
		let depth = 0;
		for (let cur = state.departments.get(id); cur; cur = state.departments.get(cur.parentId)) depth++;
		return depth;
	}

	function subtreeHeight(state, id) {
		let height = 1;
		for (const c of state.children.get(id) ?? []) height = Math.max(height, 1 + subtreeHeight(state, c));
		return height;
	}

	function departmentOrder(value) {
		if (!Number.isInteger(value) || value < 0 || value > UINT32_MAX) fail(40058, 'order must be an integer in [0, 2^32)');
		return value;
	}

	function departmentIdFromQuery(query) {
		const raw = query.id;
		if (raw === undefined || raw === '') fail(60003, 'id is required');
		if (!/^[0-9]{1,10}$/.test(raw) || Number(raw) > UINT32_MAX) fail(60123, 'id must be an integer');
		return Number(raw);
	}

	return {
		[`POST ${P}/user/create`]: {
			handler(ctx) {
				assertCanWrite(ctx);
				const body = requireBodyObject(ctx.body);
				const { state } = ctx;
				const userid = rules.userid(body.userid);
				rules.name(body.name);
				const requested = rules.departments(body, 0);
				rules.optionalFields(body);
				if (!body.mobile && !body.email) fail(60129, 'mobile and email may not both be empty');
				if (state.byUserIdLower.has(userid.toLowerCase())) fail(60102);
				const user = { userid, name: body.name, status: 4, enable: 1, gender: '0', active: false, directLeader: [] };
				applyFields(user, body, { mobileLocked: false });
				assertUnique(state, user);
				if (ctx.opts.seatLimit != null && state.users.size >= ctx.opts.seatLimit) fail(45024);
				// Checked before departments are auto-created, so a refused call changes nothing.
				if (present(body, 'main_department') && !(requested ?? []).includes(body.main_department)) {
					fail(40058, 'main_department must be one of department');
				}

				const { ids, created } = resolveCreateDepartments(state, requested);
				user.departments = ids;
				user.orders = requested?.length === ids.length && body.order ? [...body.order] : ids.map(() => 0);
				user.isLeader = requested?.length === ids.length && body.is_leader_in_dept ? [...body.is_leader_in_dept] : ids.map(() => 0);
				user.mainDepartment = present(body, 'main_department') ? body.main_department : ids[0];
				if (present(body, 'extattr')) user.extattr = keepDefinedAttrs(ctx, body.extattr);
				user.invited = body.to_invite !== false;
				state.addUser(user);
				const out = { errmsg: 'created' };
				if (created.length) out.created_department_list = { department_info: created };
				return out;
			},
		},
		[`POST ${P}/user/update`]: {
			handler(ctx) {
				assertCanWrite(ctx);
				const body = requireBodyObject(ctx.body);
				const { state } = ctx;
				const userid = rules.userid(body.userid);
				const current = state.users.get(userid);
				if (!current) fail(60111, `userid ${userid}`);
				if (present(body, 'new_userid')) fail(301036, 'only a system-generated userid may be changed');
				if (present(body, 'name')) rules.name(body.name);
				const requested = rules.departments(body, current.departments.length);
				rules.optionalFields(body);

				const next = { ...current, departments: [...current.departments], orders: [...current.orders], isLeader: [...current.isLeader] };
				// Only the fields sent change; mobile is ignored without error once the member has activated.
				applyFields(next, body, { mobileLocked: current.status === 1 });
				if (requested) {
					next.departments = [...requested];
					next.orders = requested.map(() => 0);
					next.isLeader = requested.map(() => 0);
					if (!requested.includes(next.mainDepartment)) next.mainDepartment = requested[0];
				}
				if (present(body, 'order')) next.orders = [...body.order];
				if (present(body, 'is_leader_in_dept')) next.isLeader = [...body.is_leader_in_dept];
				if (present(body, 'main_department')) next.mainDepartment = body.main_department;
				assertMainDepartment(next);
				if (present(body, 'extattr')) next.extattr = keepDefinedAttrs(ctx, body.extattr);
				if (!next.mobile && !next.email) fail(60129, 'mobile and email may not both be empty');
				assertUnique(state, next);
				// Every check passed: only now are unknown departments created, so a refused call changes nothing.
				if (requested && requested.some((id) => id === 0 || !state.departments.has(id))) {
					const { ids } = resolveCreateDepartments(state, requested);
					if (ids.length === next.departments.length) {
						if (next.mainDepartment === 0) next.mainDepartment = ids[next.departments.indexOf(0)];
						next.departments = ids;
					} else {
						// 0 and the pending department both given: one entry, as create keeps it.
						next.departments = ids;
						next.orders = ids.map(() => 0);
						next.isLeader = ids.map(() => 0);
						if (!ids.includes(next.mainDepartment)) next.mainDepartment = ids[0];
					}
				}
				state.replaceUser(userid, next);
				return { errmsg: 'updated' };
			},
		},
		[`GET ${P}/user/delete`]: {
			handler(ctx) {
				assertCanWrite(ctx);
				const userid = ctx.query.userid;
				if (userid === undefined || userid === '') fail(41009);
				if (!ctx.state.removeUser(userid)) fail(60111, `userid ${userid}`);
				return { errmsg: 'deleted' };
			},
		},
		[`POST ${P}/user/batchdelete`]: {
			handler(ctx) {
				assertCanWrite(ctx);
				const body = requireBodyObject(ctx.body);
				const list = body.useridlist;
				if (!Array.isArray(list) || list.length === 0 || list.some((u) => typeof u !== 'string' || u === '')) {
					fail(40058, 'useridlist must be a non-empty array of userids');
				}
				if (list.length > 200) fail(40032, 'at most 200 userids per call');
				const missing = list.filter((u) => !ctx.state.users.has(u));
				if (missing.length) fail(60111, `userid ${missing[0]}`);
				for (const u of list) ctx.state.removeUser(u);
				return { errmsg: 'deleted' };
			},
		},

		[`POST ${P}/department/create`]: {
			handler(ctx) {
				assertCanWrite(ctx);
				const body = requireBodyObject(ctx.body);
				const { state } = ctx;
				const name = departmentName(body.name, 'name');
				if (present(body, 'name_en')) departmentName(body.name_en, 'name_en');
				if (!present(body, 'parentid')) fail(60004, 'parentid is required');
				if (!Number.isInteger(body.parentid)) fail(60124, 'parentid must be an integer');
				if (!state.departments.has(body.parentid)) fail(60004, `parent ${body.parentid}`);
				let id;
				if (present(body, 'id')) {
					id = body.id;
					if (!Number.isInteger(id) || id <= 1 || id > UINT32_MAX) fail(60123, 'id must be an integer greater than 1');
					if (state.departments.has(id)) fail(60008, `id ${id} exists`);
				}
				const order = present(body, 'order') ? departmentOrder(body.order) : 0;
				if (siblingHasName(state, body.parentid, name)) fail(60008, `a sibling is already named ${name}`);
				if (depthOf(state, body.parentid) + 1 > MAX_DEPTH) fail(81002, 'at most 15 levels');
				const dept = { id: id ?? nextDepartmentId(state), name, parentId: body.parentid, order };
				if (present(body, 'name_en')) dept.nameEn = body.name_en;
				state.addDepartment(dept);
				return { errmsg: 'created', id: dept.id };
			},
		},
		[`POST ${P}/department/update`]: {
			handler(ctx) {
				assertCanWrite(ctx);
				const body = requireBodyObject(ctx.body);
				const { state } = ctx;
				if (!present(body, 'id')) fail(60003, 'id is required');
				if (!Number.isInteger(body.id)) fail(60123, 'id must be an integer');
				const dept = state.departments.get(body.id);
				if (!dept) fail(60003, `department ${body.id}`);
				const changes = {};
				if (present(body, 'name')) changes.name = departmentName(body.name, 'name');
				if (present(body, 'name_en')) changes.nameEn = departmentName(body.name_en, 'name_en');
				if (present(body, 'order')) changes.order = departmentOrder(body.order);
				if (present(body, 'parentid') && body.parentid !== dept.parentId) {
					const parent = body.parentid;
					if (!Number.isInteger(parent)) fail(60124, 'parentid must be an integer');
					if (dept.id === 1) fail(60007, 'the root department cannot be moved');
					if (!state.departments.has(parent)) fail(60004, `parent ${parent}`);
					if (state.subtree(dept.id).includes(parent)) fail(60010, 'parentid is the department itself or below it');
					if (depthOf(state, parent) + subtreeHeight(state, dept.id) > MAX_DEPTH) fail(81002, 'at most 15 levels');
					changes.parentId = parent;
				}
				const name = changes.name ?? dept.name;
				if (siblingHasName(state, changes.parentId ?? dept.parentId, name, dept.id)) fail(60008, `a sibling is already named ${name}`);
				state.updateDepartment(dept.id, changes);
				return { errmsg: 'updated' };
			},
		},
		[`GET ${P}/department/delete`]: {
			handler(ctx) {
				assertCanWrite(ctx);
				const id = departmentIdFromQuery(ctx.query);
				const { state } = ctx;
				if (id === 1) fail(60007);
				if (!state.departments.has(id)) fail(60003, `department ${id}`);
				if ((state.members.get(id)?.size ?? 0) > 0) fail(60005);
				if ((state.children.get(id) ?? []).some((c) => state.departments.has(c))) fail(60006);
				state.removeDepartment(id);
				return { errmsg: 'deleted' };
			},
		},
	};
}
