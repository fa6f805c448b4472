// The DingTalk emulator's endpoints (dingtalk-api.md §2–3): one entry per /topapi path with
// the permission it needs and a handler. A handler reads the parsed JSON body, returns the
// `result` (or undefined for calls that return none) and throws fail(code) for a documented
// error. Token check, permissions, QPS, faults, latency and the log live in dingtalk.mjs.
//
// Parameters are checked strictly, with the types the reference documents: a number where
// DingTalk takes a number, a comma-separated string for dept_id_list, and so on. A client
// that sends the wrong type gets the error DingTalk gives, not a silent coercion.

import { createHash } from 'node:crypto';

export const ERRMSG = {
	[-1]: '系统繁忙',
	22: '不合法ApiName',
	40000: '缺少参数 access_token',
	40003: '不合法的UserID',
	40009: '不合法的部门id',
	40014: '不合法的access_token',
	40022: '企业中的手机号码和登陆钉钉的手机号码不一致,暂时不支持修改用户信息,可以删除后重新添加',
	40035: '不合法的参数',
	40068: '不合法的偏移量',
	40069: '不合法的分页大小',
	40089: '不合法的appKey或appSecret',
	40096: '不合法的appKey',
	40100: '分机号已经存在',
	40103: '邀请已发出，用户确认后即可加入',
	40104: '不合法的手机号',
	60001: '不合法的部门名称',
	60003: '部门不存在',
	60004: '父部门不存在',
	60005: '部门下存在员工',
	60006: '部门下存在子部门',
	60007: '根部门不能删除',
	60009: '部门名称含有非法字符',
	60011: '没有调用该接口的权限',
	60018: '根部门不能修改',
	60021: '该部门下已存在同名子部门',
	60102: 'UserID在公司中已存在',
	60103: '手机号码不合法',
	60104: '手机号码在公司中已存在',
	60105: '邮箱不合法',
	60106: '邮箱已存在',
	60112: '用户姓名不合法',
	60121: '找不到该用户',
	60122: '扩展属性不合法',
	60123: '工号不合法',
	90002: '接口调用超过全局限流',
	90018: '应用调用该接口的QPS超过限制',
};

export class DingTalkError extends Error {
	constructor(errcode, detail) {
		super(`${ERRMSG[errcode] ?? 'error'}${detail ? `: ${detail}` : ''}`);
		this.errcode = errcode;
		this.detail = detail;
	}
}

export function fail(errcode, detail) {
	throw new DingTalkError(errcode, detail);
}

// ---- parameter checks --------------------------------------------------------------------------

const isInt = (v) => typeof v === 'number' && Number.isSafeInteger(v);

function int(body, key, { required = false, min = -Infinity, max = Infinity, code = 40035 } = {}) {
	const v = body[key];
	if (v === undefined || v === null) {
		if (required) fail(40035, `${key} is required`);
		return undefined;
	}
	if (!isInt(v) || v < min || v > max) fail(code, `${key} must be an integer in ${min}..${max}`);
	return v;
}

function bool(body, key, { required = false } = {}) {
	const v = body[key];
	if (v === undefined || v === null) {
		if (required) fail(40035, `${key} is required`);
		return undefined;
	}
	if (typeof v !== 'boolean') fail(40035, `${key} must be a boolean`);
	return v;
}

function str(body, key, { required = false, max = Infinity, code = 40035 } = {}) {
	const v = body[key];
	if (v === undefined || v === null) {
		if (required) fail(code === 40035 ? 40035 : code, `${key} is required`);
		return undefined;
	}
	if (typeof v !== 'string') fail(40035, `${key} must be a string`);
	if (required && v === '') fail(code, `${key} is required`);
	if ([...v].length > max) fail(code, `${key} is longer than ${max} characters`);
	return v;
}

function oneOf(body, key, values) {
	const v = str(body, key);
	if (v !== undefined && !values.includes(v)) fail(40035, `${key} must be one of ${values.join(', ')}`);
	return v;
}

const language = (body) => oneOf(body, 'language', ['zh_CN', 'en_US']);

const MOBILE = /^(?:1\d{10}|\+\d{1,4}-\d{4,20})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Mainland numbers are stored without a country code; "+86-138…" and "138…" are the same user. */
export function normalizeMobile(mobile) {
	return mobile.replace(/^\+86-/, '');
}

function deptIdList(ctx, raw, { required }) {
	if (raw === undefined || raw === null) {
		if (required) fail(40035, 'dept_id_list is required');
		return undefined;
	}
	if (typeof raw !== 'string') fail(40035, 'dept_id_list must be a comma-separated string');
	const parts = raw.split(',').map((p) => p.trim());
	if (parts.length === 0 || parts.length > 100) fail(40035, 'dept_id_list takes 1 to 100 ids');
	const ids = [];
	for (const p of parts) {
		if (!/^\d{1,18}$/.test(p)) fail(40009, p);
		const id = Number(p);
		if (!ctx.state.departments.has(id)) fail(60003, p);
		if (!ids.includes(id)) ids.push(id);
	}
	return ids;
}

function existingDept(ctx, id) {
	const dept = ctx.state.departments.get(id);
	if (!dept) fail(60003, String(id));
	return dept;
}

function existingUser(ctx, userid) {
	const user = ctx.state.users.get(userid);
	if (!user) fail(60121, userid);
	return user;
}

function deptNameRule(name) {
	if (name === '' || [...name].length > 64) fail(60001, 'name takes 1 to 64 characters');
	if (/[-,，]/.test(name)) fail(60009, 'name may not contain "-", "," or "，"');
}

function siblingNameTaken(ctx, parentId, name, selfId) {
	for (const id of ctx.state.children.get(parentId) ?? []) {
		if (id !== selfId && ctx.state.departments.get(id).name === name) return true;
	}
	return false;
}

function userids(ctx, raw, key) {
	if (raw === undefined) return undefined;
	if (typeof raw !== 'string') fail(40035, `${key} must be a comma-separated string`);
	const ids = raw === '' ? [] : raw.split(',').map((s) => s.trim());
	for (const id of ids) existingUser(ctx, id);
	return ids;
}

function commaIds(raw, key) {
	if (raw === undefined) return undefined;
	if (typeof raw !== 'string' || !/^(\d+(,\d+)*)?$/.test(raw)) fail(40035, `${key} must be a comma-separated string of ids`);
	return raw;
}

function deptPairs(body, key, valueKey, valueType) {
	const v = body[key];
	if (v === undefined) return undefined;
	if (!Array.isArray(v)) fail(40035, `${key} must be an array`);
	for (const e of v) {
		const ok = e && typeof e === 'object' && isInt(e.dept_id) && typeof e[valueKey] === valueType;
		if (!ok) fail(40035, `${key} entries are {dept_id, ${valueKey}}`);
	}
	return v;
}

// ---- user fields shared by create and update ---------------------------------------------------

function applyUserFields(ctx, user, body, isCreate) {
	const name = str(body, 'name', { required: isCreate, max: 80, code: 60112 });
	if (name !== undefined) {
		if (name === '') fail(60112, 'name is empty');
		user.name = name;
	}
	const telephone = str(body, 'telephone', { max: 50 });
	if (telephone !== undefined) {
		const owner = ctx.state.byTelephone.get(telephone);
		if (telephone && owner !== undefined && owner !== user.userid) fail(40100, telephone);
	}
	const jobNumber = str(body, 'job_number', { max: 50, code: 60123 });
	const title = str(body, 'title', { max: 200 });
	const email = str(body, 'email', { max: 50, code: 60105 });
	if (email) {
		if (!EMAIL.test(email)) fail(60105, email);
		const owner = ctx.state.byEmail.get(email.toLowerCase());
		if (owner !== undefined && owner !== user.userid) fail(60106, email);
	}
	const orgEmail = str(body, 'org_email');
	if (orgEmail && !EMAIL.test(orgEmail)) fail(60105, orgEmail);
	oneOf(body, 'org_email_type', ['profession', 'base']);
	const loginEmail = str(body, 'login_email');
	if (loginEmail && !EMAIL.test(loginEmail)) fail(60105, loginEmail);
	const workPlace = str(body, 'work_place', { max: 100 });
	const remark = str(body, 'remark', { max: 2000 });
	const hideMobile = bool(body, 'hide_mobile');
	const seniorMode = bool(body, 'senior_mode');
	const hiredDate = int(body, 'hired_date', { min: 0 });
	const manager = str(body, 'manager_userid');
	if (manager) existingUser(ctx, manager);
	let extension;
	if (body.extension !== undefined) {
		// Sent as a JSON string (what the list returns and the 2000-character limit measures).
		if (typeof body.extension !== 'string' || body.extension.length > 2000) fail(60122, 'extension must be a JSON string of at most 2000 characters');
		try {
			extension = JSON.parse(body.extension);
		} catch {
			fail(60122, 'extension is not JSON');
		}
		if (!extension || typeof extension !== 'object' || Array.isArray(extension)) fail(60122, 'extension must be a JSON object');
		const allowed = ctx.opts.extensionFields;
		for (const [k, v] of Object.entries(extension)) {
			if (typeof v !== 'string') fail(60122, `extension.${k} must be a string`);
			if (allowed && !allowed.includes(k)) fail(60122, `extension field "${k}" is not defined in the admin console`);
		}
	}
	const deptOrders = deptPairs(body, 'dept_order_list', 'order', 'number');
	const deptTitles = deptPairs(body, 'dept_title_list', 'title', 'string');
	if (body.dept_position_list !== undefined && !Array.isArray(body.dept_position_list)) fail(40035, 'dept_position_list must be an array');
	if (body.extension_i18n !== undefined && (typeof body.extension_i18n !== 'object' || body.extension_i18n === null)) fail(40035, 'extension_i18n must be an object');
	const deptIds = deptIdList(ctx, body.dept_id_list, { required: isCreate });

	// Every check passed: apply.
	if (telephone !== undefined) ctx.state.reindex(user, 'telephone', ctx.state.byTelephone, telephone);
	if (email !== undefined) ctx.state.reindex(user, 'email', ctx.state.byEmail, email);
	const set = (key, value) => {
		if (value === undefined) return;
		if (value === '') delete user[key];
		else user[key] = value;
	};
	set('telephone', telephone);
	set('email', email);
	set('jobNumber', jobNumber);
	set('title', title);
	set('orgEmail', orgEmail);
	set('workPlace', workPlace);
	set('remark', remark);
	set('managerUserid', manager);
	if (extension !== undefined) user.extension = body.extension;
	if (hideMobile !== undefined) user.hideMobile = hideMobile;
	if (seniorMode !== undefined) user.senior = seniorMode;
	if (hiredDate !== undefined) user.hiredDate = hiredDate;
	if (body.dept_position_list !== undefined) user.deptPositions = body.dept_position_list;
	if (deptIds) {
		if (isCreate) user.deptIds = deptIds;
		else ctx.state.setUserDepartments(user, deptIds);
		for (const d of deptIds) {
			if (!user.deptOrders.has(d)) user.deptOrders.set(d, 0);
			if (!user.leaderIn.has(d)) user.leaderIn.set(d, false);
		}
	}
	for (const { dept_id: d, order } of deptOrders ?? []) user.deptOrders.set(d, order);
	if (deptTitles) user.deptTitles = deptTitles;
}

// ---- routes ------------------------------------------------------------------------------------

const ORDER_FIELDS = ['entry_asc', 'entry_desc', 'modify_asc', 'modify_desc', 'custom'];

function sortedMembers(ctx, deptId, orderField) {
	const list = ctx.state.membersOf(deptId);
	const key = {
		entry_asc: (u) => u.hiredDate,
		entry_desc: (u) => -u.hiredDate,
		modify_asc: (u) => u.modified,
		modify_desc: (u) => -u.modified,
		custom: (u) => u.deptOrders.get(deptId) ?? 0,
	}[orderField ?? 'custom'];
	return list.map((u, i) => ({ u, i, k: key(u) })).sort((a, b) => a.k - b.k || a.i - b.i).map((e) => e.u);
}

/** One page of a department's direct members; cursor is the offset DingTalk hands back as next_cursor. */
function page(ctx, shape) {
	const body = ctx.body;
	const deptId = int(body, 'dept_id', { required: true, min: 1 });
	const cursor = body.cursor;
	if (cursor === undefined || cursor === null) fail(40035, 'cursor is required');
	if (!isInt(cursor) || cursor < 0 || cursor > 100000) fail(40068, 'cursor must be an integer in 0..100000');
	const size = body.size;
	if (size === undefined || size === null) fail(40035, 'size is required');
	if (!isInt(size) || size < 1 || size > 100) fail(40069, 'size must be an integer in 1..100');
	const orderField = oneOf(body, 'order_field', ORDER_FIELDS);
	bool(body, 'contain_access_limit');
	language(body);
	existingDept(ctx, deptId);
	const all = sortedMembers(ctx, deptId, orderField);
	const slice = all.slice(cursor, cursor + size);
	const hasMore = cursor + size < all.length;
	const result = { has_more: hasMore };
	if (hasMore) result.next_cursor = cursor + size;
	result.list = slice.map((u) => shape(u, deptId));
	return result;
}

function newUserid(ctx) {
	ctx.state.clock++;
	return `0${String(ctx.state.clock).padStart(6, '0')}${createHash('sha1').update(`uid:${ctx.state.clock}`).digest('hex').replace(/[a-f]/g, '').slice(0, 10)}`;
}

export const ROUTES = {
	'/topapi/v2/department/listsub': {
		permission: 'qyapi_get_department_list',
		handler(ctx) {
			const id = int(ctx.body, 'dept_id', { min: 1 }) ?? 1;
			const lang = language(ctx.body);
			existingDept(ctx, id);
			return (ctx.state.children.get(id) ?? []).map((c) => ctx.shapes.deptBrief(ctx.state.departments.get(c), lang));
		},
	},
	'/topapi/v2/department/listsubid': {
		permission: 'qyapi_get_department_list',
		handler(ctx) {
			const id = int(ctx.body, 'dept_id', { required: true, min: 1 });
			existingDept(ctx, id);
			return { dept_id_list: [...(ctx.state.children.get(id) ?? [])] };
		},
	},
	'/topapi/v2/department/get': {
		permission: 'qyapi_get_department_list',
		handler(ctx) {
			const id = int(ctx.body, 'dept_id', { required: true, min: 1 });
			const lang = language(ctx.body);
			return ctx.shapes.deptDetail(ctx.state, existingDept(ctx, id), lang);
		},
	},
	'/topapi/v2/department/create': {
		permission: 'qyapi_manage_addresslist',
		handler(ctx) {
			const b = ctx.body;
			const name = str(b, 'name', { required: true, code: 60001 });
			deptNameRule(name);
			const parentId = int(b, 'parent_id', { required: true, min: 1 });
			if (!ctx.state.departments.has(parentId)) fail(60004, String(parentId));
			if (siblingNameTaken(ctx, parentId, name)) fail(60021, name);
			const fields = readDeptOptions(ctx, b);
			const dept = ctx.state.addDepartment({
				id: ctx.state.nextDeptId,
				name,
				nameEn: null,
				parentId,
				order: fields.order ?? 0,
				createDeptGroup: fields.createDeptGroup ?? false,
				autoAddUser: false,
				hideDept: fields.hideDept ?? false,
				outerDept: fields.outerDept ?? false,
				sourceIdentifier: fields.sourceIdentifier,
			});
			return { dept_id: dept.id };
		},
	},
	'/topapi/v2/department/update': {
		permission: 'qyapi_manage_addresslist',
		handler(ctx) {
			const b = ctx.body;
			const id = int(b, 'dept_id', { required: true, min: 1 });
			const dept = existingDept(ctx, id);
			if (id === 1) fail(60018);
			const name = str(b, 'name', { code: 60001 });
			if (name !== undefined) deptNameRule(name);
			const parentId = int(b, 'parent_id', { min: 1 });
			if (parentId !== undefined) {
				if (!ctx.state.departments.has(parentId)) fail(60004, String(parentId));
				if (ctx.state.subtree(id).includes(parentId)) fail(60004, 'a department cannot move below itself');
			}
			const target = parentId ?? dept.parentId;
			if (siblingNameTaken(ctx, target, name ?? dept.name, id)) fail(60021, name ?? dept.name);
			const fields = readDeptOptions(ctx, b);
			language(b);
			bool(b, 'auto_add_user');
			for (const k of ['group_contain_sub_dept', 'group_contain_outer_dept', 'group_contain_hidden_dept']) bool(b, k);
			const managers = userids(ctx, b.dept_manager_userid_list, 'dept_manager_userid_list');
			const owner = str(b, 'org_dept_owner');
			if (owner) existingUser(ctx, owner);
			const force = str(b, 'force_update_fields');
			if (force !== undefined && force !== '' && force !== 'dept_manager_userid_list') fail(40035, 'force_update_fields accepts only dept_manager_userid_list');
			const code = str(b, 'code', { max: 30 });
			// Without force_update_fields an empty manager list means "leave as is".
			if (managers && (managers.length > 0 || force === 'dept_manager_userid_list')) dept.managers = managers;
			if (name !== undefined) dept.name = name;
			if (parentId !== undefined && parentId !== dept.parentId) ctx.state.moveDepartment(dept, parentId);
			if (fields.order !== undefined) dept.order = fields.order;
			if (fields.hideDept !== undefined) dept.hideDept = fields.hideDept;
			if (fields.outerDept !== undefined) dept.outerDept = fields.outerDept;
			if (fields.createDeptGroup !== undefined) dept.createDeptGroup = fields.createDeptGroup;
			if (fields.sourceIdentifier !== undefined) dept.sourceIdentifier = fields.sourceIdentifier;
			if (b.auto_add_user !== undefined) dept.autoAddUser = b.auto_add_user;
			if (b.group_contain_sub_dept !== undefined) dept.groupContainSubDept = b.group_contain_sub_dept;
			if (owner !== undefined) dept.orgDeptOwner = owner;
			if (code !== undefined) dept.code = code;
			return undefined;
		},
	},
	'/topapi/v2/department/delete': {
		permission: 'qyapi_manage_addresslist',
		handler(ctx) {
			const id = int(ctx.body, 'dept_id', { required: true, min: 1 });
			if (id === 1) fail(60007);
			existingDept(ctx, id);
			if ((ctx.state.children.get(id) ?? []).length > 0) fail(60006);
			if ((ctx.state.members.get(id)?.size ?? 0) > 0) fail(60005);
			ctx.state.removeDepartment(id);
			return undefined;
		},
	},
	'/topapi/user/listsimple': {
		permission: 'qyapi_get_department_member',
		handler: (ctx) => page(ctx, (u) => ({ userid: u.userid, name: u.name })),
	},
	'/topapi/v2/user/list': {
		permission: 'qyapi_get_department_member',
		handler: (ctx) => page(ctx, (u, deptId) => ctx.shapes.userListJson(u, deptId, ctx.perms)),
	},
	'/topapi/user/listid': {
		permission: 'qyapi_get_member',
		handler(ctx) {
			const id = int(ctx.body, 'dept_id', { required: true, min: 1 });
			existingDept(ctx, id);
			return { userid_list: ctx.state.membersOf(id).map((u) => u.userid) };
		},
	},
	'/topapi/user/count': {
		permission: 'qyapi_get_member',
		handler(ctx) {
			const onlyActive = bool(ctx.body, 'only_active', { required: true });
			let count = 0;
			for (const u of ctx.state.users.values()) if (!onlyActive || u.active) count++;
			return { count };
		},
	},
	'/topapi/v2/user/get': {
		permission: 'qyapi_get_member',
		handler(ctx) {
			const userid = str(ctx.body, 'userid', { required: true });
			language(ctx.body);
			return ctx.shapes.userDetailJson(existingUser(ctx, userid), ctx.perms, ctx.state.rolesOf?.(userid));
		},
	},
	'/topapi/v2/user/getbymobile': {
		permission: 'qyapi_get_member_by_mobile',
		handler(ctx) {
			const mobile = str(ctx.body, 'mobile', { required: true });
			if (!MOBILE.test(mobile)) fail(40104, mobile);
			// Current employees only: invitations not yet accepted are not found.
			const userid = ctx.state.byMobile.get(normalizeMobile(mobile));
			if (userid === undefined) fail(60121, mobile);
			return { userid };
		},
	},
	'/topapi/v2/user/create': {
		permission: 'qyapi_manage_addresslist',
		handler(ctx) {
			const b = ctx.body;
			const mobileRaw = str(b, 'mobile', { required: true, code: 60103 });
			if (!MOBILE.test(mobileRaw)) fail(60103, mobileRaw);
			const mobile = normalizeMobile(mobileRaw);
			let userid = str(b, 'userid', { code: 40003 });
			if (userid !== undefined) {
				if (userid === '' || [...userid].length > 64) fail(40003, 'userid takes 1 to 64 characters');
				if (ctx.state.users.has(userid)) fail(60102, userid);
			}
			if (ctx.state.byMobile.has(mobile)) fail(60104, mobileRaw);
			const user = {
				userid: userid ?? '',
				mobile,
				stateCode: mobileRaw.startsWith('+') && !mobileRaw.startsWith('+86-') ? mobileRaw.slice(1).split('-')[0] : '86',
				hideMobile: false,
				active: false,
				admin: false,
				boss: false,
				exclusiveAccount: false,
				hiredDate: undefined,
				realAuthed: false,
				senior: false,
				createdByApi: true,
				deptOrders: new Map(),
				leaderIn: new Map(),
				modified: 0,
			};
			applyUserFields(ctx, user, b, true);
			// Re-adding someone deleted on the day they joined, or an org that asks new members
			// to accept: an invitation goes out and nobody is added yet.
			const deletedAt = ctx.state.deletedToday.get(mobile);
			if (ctx.opts.inviteMobiles.includes(mobile) || (deletedAt !== undefined && Date.now() - deletedAt < 86_400_000)) {
				ctx.state.invitations.set(mobile, Date.now());
				fail(40103);
			}
			user.userid = userid ?? newUserid(ctx);
			user.unionid = `${createHash('sha1').update(`union:${user.userid}`).digest('base64url').slice(0, 22)}iE`;
			if (user.hiredDate === undefined) user.hiredDate = Date.now();
			ctx.state.addUser(user);
			// camelCase unionId here, unionid everywhere else (as documented).
			return { userid: user.userid, unionId: user.unionid };
		},
	},
	'/topapi/v2/user/update': {
		permission: 'qyapi_manage_addresslist',
		handler(ctx) {
			const b = ctx.body;
			const userid = str(b, 'userid', { required: true });
			const user = existingUser(ctx, userid);
			if (b.mobile !== undefined) {
				if (typeof b.mobile !== 'string') fail(40035, 'mobile must be a string');
				if (normalizeMobile(b.mobile) !== user.mobile) fail(40022);
			}
			const mode = int(b, 'ext_attrs_update_mode', { min: 0, max: 1 });
			const force = str(b, 'force_update_fields');
			if (force !== undefined && force !== '' && force !== 'manager_userid') fail(40035, 'force_update_fields accepts only manager_userid');
			const extBefore = user.extension;
			applyUserFields(ctx, user, b, false);
			if (mode === 1 && extBefore && b.extension !== undefined) {
				user.extension = JSON.stringify({ ...JSON.parse(extBefore), ...JSON.parse(b.extension) });
			}
			if (force === 'manager_userid' && !b.manager_userid) delete user.managerUserid;
			ctx.state.touch(user);
			return undefined;
		},
	},
	'/topapi/v2/user/delete': {
		permission: 'qyapi_manage_addresslist',
		handler(ctx) {
			const userid = str(ctx.body, 'userid', { required: true });
			const user = existingUser(ctx, userid);
			ctx.state.removeUser(userid);
			if (user.createdByApi) ctx.state.deletedToday.set(user.mobile, Date.now());
			return undefined;
		},
	},
};

function readDeptOptions(ctx, b) {
	const out = {
		hideDept: bool(b, 'hide_dept'),
		outerDept: bool(b, 'outer_dept'),
		createDeptGroup: bool(b, 'create_dept_group'),
		order: int(b, 'order', { min: 0 }),
		sourceIdentifier: str(b, 'source_identifier'),
	};
	bool(b, 'outer_dept_only_self');
	bool(b, 'auto_approve_apply');
	commaIds(b.dept_permits, 'dept_permits');
	commaIds(b.outer_permit_depts, 'outer_permit_depts');
	userids(ctx, b.user_permits, 'user_permits');
	userids(ctx, b.outer_permit_users, 'outer_permit_users');
	return out;
}
