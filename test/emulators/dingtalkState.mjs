// The DingTalk emulator's directory: departments and users built from generateOrg, the
// indexes the routes need, and the JSON shapes the API sends (dingtalk-api.md §2–3).
// Routes mutate only through addUser/removeUser/addDepartment/removeDepartment/touch so the
// indexes stay consistent.

import { createHash } from 'node:crypto';

const AVATAR_HOST = 'https://static-legacy.dingtalk.com/media';
// Every DingTalk user has a mobile (create requires one); generator users without one get a
// number from a range the generator never uses (it issues 13xxxxxxxxx only).
const fallbackMobile = (index) => `15${String(index).padStart(9, '0')}`;

function digest(text) {
	return createHash('sha1').update(text).digest('hex');
}

/** One generator user as the emulator stores it (provider field names, per-department facts). */
function fromGenerated(u, index, firstRootMember) {
	const user = {
		userid: u.userid,
		unionid: u.unionid,
		name: u.name,
		deptIds: [...u.departments],
		deptOrders: new Map(u.departments.map((d, i) => [d, u.orders[i]])),
		leaderIn: new Map(u.departments.map((d, i) => [d, u.isLeader[i] === 1])),
		mobile: u.mobile ?? fallbackMobile(index + 1),
		stateCode: '86',
		hideMobile: false,
		active: u.active,
		admin: index < 2,
		boss: u.userid === firstRootMember,
		exclusiveAccount: false,
		hiredDate: 1_500_000_000_000 + index * 86_400_000,
		realAuthed: u.active,
		senior: false,
		createdByApi: false,
		modified: 0,
	};
	if (u.position) user.title = u.position;
	if (u.email) user.email = u.email;
	if (u.bizMail) user.orgEmail = u.bizMail;
	if (u.avatar) user.avatar = `${AVATAR_HOST}/${digest(u.userid).slice(0, 24)}_240_240.jpg`;
	if (u.telephone) user.telephone = u.telephone;
	if (u.jobNumber) user.jobNumber = u.jobNumber;
	if (u.directLeader?.[0]) user.managerUserid = u.directLeader[0];
	if (index % 7 === 3) user.extension = JSON.stringify({ 爱好: '旅游', 工位: `A-${index}` });
	if (index % 5 === 1) user.workPlace = '杭州';
	if (index % 11 === 2) user.remark = 'imported';
	return user;
}

function fromGeneratedDepartment(d) {
	const dept = {
		id: d.id,
		name: d.name,
		nameEn: d.nameEn,
		parentId: d.id === 1 ? null : d.parentId,
		order: d.order,
		createDeptGroup: d.id % 3 === 0,
		autoAddUser: d.id % 3 === 0,
		hideDept: false,
		outerDept: false,
	};
	return dept;
}

export function createState(org) {
	const state = {
		/** @type {Map<number, object>} */ departments: new Map(),
		/** @type {Map<string, object>} */ users: new Map(),
		/** department id → Set of userids directly in it */ members: new Map(),
		/** department id → child ids, in creation order */ children: new Map(),
		/** mobile → userid */ byMobile: new Map(),
		/** mobile → time of deletion, for users created and deleted the same day (40103 on re-add) */
		deletedToday: new Map(),
		/** mobile → invitation time: adds that answered 40103 (the user has not joined yet) */
		invitations: new Map(),
		/** lowercased email → userid; telephone → userid (both unique in an org) */
		byEmail: new Map(),
		byTelephone: new Map(),
		nextDeptId: 1,
		clock: 0,

		touch(user) {
			user.modified = ++state.clock;
		},
		addDepartment(dept) {
			state.departments.set(dept.id, dept);
			if (!state.members.has(dept.id)) state.members.set(dept.id, new Set());
			if (!state.children.has(dept.id)) state.children.set(dept.id, []);
			if (dept.parentId !== null) {
				let c = state.children.get(dept.parentId);
				if (!c) state.children.set(dept.parentId, (c = []));
				c.push(dept.id);
			}
			state.nextDeptId = Math.max(state.nextDeptId, dept.id + 1);
			return dept;
		},
		moveDepartment(dept, parentId) {
			const siblings = state.children.get(dept.parentId);
			if (siblings) siblings.splice(siblings.indexOf(dept.id), 1);
			dept.parentId = parentId;
			state.children.get(parentId).push(dept.id);
		},
		removeDepartment(id) {
			const dept = state.departments.get(id);
			state.departments.delete(id);
			state.members.delete(id);
			state.children.delete(id);
			const siblings = state.children.get(dept.parentId);
			if (siblings) siblings.splice(siblings.indexOf(id), 1);
		},
		addUser(user) {
			state.users.set(user.userid, user);
			for (const d of user.deptIds) state.members.get(d)?.add(user.userid);
			state.byMobile.set(user.mobile, user.userid);
			if (user.email) state.byEmail.set(user.email.toLowerCase(), user.userid);
			if (user.telephone) state.byTelephone.set(user.telephone, user.userid);
			state.touch(user);
			return user;
		},
		setUserDepartments(user, deptIds) {
			for (const d of user.deptIds) state.members.get(d)?.delete(user.userid);
			user.deptIds = deptIds;
			for (const d of deptIds) state.members.get(d)?.add(user.userid);
		},
		reindex(user, field, index, value) {
			if (user[field]) index.delete(field === 'email' ? user[field].toLowerCase() : user[field]);
			if (value) index.set(field === 'email' ? value.toLowerCase() : value, user.userid);
		},
		removeUser(userid) {
			const user = state.users.get(userid);
			state.users.delete(userid);
			for (const d of user.deptIds) state.members.get(d)?.delete(userid);
			state.byMobile.delete(user.mobile);
			if (user.email) state.byEmail.delete(user.email.toLowerCase());
			if (user.telephone) state.byTelephone.delete(user.telephone);
			return user;
		},
		/** Department ids of the subtree rooted at id, the department itself first. */
		subtree(id) {
			const out = [];
			const stack = [id];
			while (stack.length) {
				const cur = stack.pop();
				if (!state.departments.has(cur)) continue;
				out.push(cur);
				const c = state.children.get(cur) ?? [];
				for (let i = c.length - 1; i >= 0; i--) stack.push(c[i]);
			}
			return out;
		},
		/** Users directly in one department (never its sub-departments). */
		membersOf(id) {
			return [...(state.members.get(id) ?? [])].map((userid) => state.users.get(userid));
		},
	};
	for (const d of org.departments) state.addDepartment(fromGeneratedDepartment(d));
	const firstRootMember = org.users.find((u) => u.departments.includes(1))?.userid;
	org.users.forEach((u, i) => state.addUser(fromGenerated(u, i, firstRootMember)));
	return state;
}

// ---- JSON shapes -----------------------------------------------------------------------------

function deptName(dept, language) {
	return language === 'en_US' && dept.nameEn ? dept.nameEn : dept.name;
}

/** listsub entry: exactly the five documented fields; the root has no parent_id. */
export function deptBrief(dept, language) {
	const o = { dept_id: dept.id, name: deptName(dept, language) };
	if (dept.parentId !== null) o.parent_id = dept.parentId;
	o.create_dept_group = dept.createDeptGroup;
	o.auto_add_user = dept.autoAddUser;
	return o;
}

export function deptDetail(state, dept, language) {
	const o = deptBrief(dept, language);
	if (dept.sourceIdentifier !== undefined) o.source_identifier = dept.sourceIdentifier;
	o.order = dept.order;
	const managers = dept.managers ?? state.membersOf(dept.id).filter((u) => u.leaderIn.get(dept.id)).map((u) => u.userid);
	if (managers.length) o.dept_manager_userid_list = managers;
	o.hide_dept = dept.hideDept;
	o.outer_dept = dept.outerDept;
	if (dept.orgDeptOwner) o.org_dept_owner = dept.orgDeptOwner;
	if (dept.code) o.code = dept.code;
	const everyone = new Set();
	for (const d of state.subtree(dept.id)) for (const userid of state.members.get(d) ?? []) everyone.add(userid);
	o.member_count = everyone.size;
	o.owning_member_count = state.members.get(dept.id)?.size ?? 0;
	o.group_contain_sub_dept = dept.groupContainSubDept ?? false;
	return o;
}

/**
 * The fields v2/user/list and v2/user/get share. Permission-gated fields are left out when
 * the app lacks the permission; unset optional fields are absent, never "".
 */
function userCommon(u, perms) {
	const o = { userid: u.userid, unionid: u.unionid, name: u.name };
	if (u.avatar) o.avatar = u.avatar;
	if (perms.phone) {
		o.state_code = u.stateCode;
		o.mobile = u.mobile;
	}
	o.hide_mobile = u.hideMobile;
	if (u.telephone) o.telephone = u.telephone;
	if (u.jobNumber) o.job_number = u.jobNumber;
	if (u.title) o.title = u.title;
	if (perms.personal) {
		if (u.email) o.email = u.email;
		if (u.workPlace) o.work_place = u.workPlace;
		if (u.remark) o.remark = u.remark;
		if (u.extension) o.extension = u.extension;
	}
	if (u.orgEmail) o.org_email = u.orgEmail;
	o.dept_id_list = [...u.deptIds];
	o.hired_date = u.hiredDate;
	o.active = u.active;
	o.admin = u.admin;
	o.boss = u.boss;
	o.exclusive_account = u.exclusiveAccount;
	return o;
}

/** A v2/user/list record: the common fields plus the order and leader flag for the listed department. */
export function userListJson(u, deptId, perms) {
	const o = userCommon(u, perms);
	o.dept_order = u.deptOrders.get(deptId) ?? 0;
	o.leader = u.leaderIn.get(deptId) ?? false;
	return o;
}

/** A v2/user/get record: no dept_order / leader; per-department lists, roles and the rest instead. */
export function userDetailJson(u, perms, roles) {
	const o = userCommon(u, perms);
	if (u.managerUserid) o.manager_userid = u.managerUserid;
	o.dept_order_list = u.deptIds.map((d) => ({ dept_id: d, order: u.deptOrders.get(d) ?? 0 }));
	o.leader_in_dept = u.deptIds.map((d) => ({ dept_id: d, leader: u.leaderIn.get(d) ?? false }));
	o.real_authed = u.realAuthed;
	o.senior = u.senior;
	o.role_list = roles ?? (u.admin ? [{ id: 1, name: '主管理员', group_name: '默认' }] : []);
	o.union_emp_ext = {};
	if (u.deptPositions) o.dept_position_list = u.deptPositions;
	return o;
}
