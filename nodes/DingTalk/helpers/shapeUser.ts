import type { IDataObject } from 'n8n-workflow';

import type { TreeDepartment } from '../../../lib/directory/model';
import type { DingTalkUser } from '../../../lib/dingtalk/types';

export type UserOutput = 'simplified' | 'raw' | 'compact';

const NOT_IN_COMPACT = new Set(['dept_order_list', 'dept_order', 'union_emp_ext']);

function parseExtension(extension: unknown): unknown {
	if (typeof extension !== 'string' || extension === '') return undefined;
	try {
		return JSON.parse(extension) as unknown;
	} catch {
		return extension;
	}
}

/**
 * A user as an n8n item: the API's fields (raw), or a flat, readable shape (simplified).
 * Department names and paths are added when the tree is known. `listedIn` is the department
 * a v2/user/list page was for: its `leader` and `dept_order` describe that department only.
 */
export function shapeUser(
	user: DingTalkUser,
	output: UserOutput,
	tree?: Map<number, TreeDepartment>,
	listedIn?: number,
): IDataObject {
	const ids = user.dept_id_list ?? [];
	const known = tree ? ids.map((id) => tree.get(id)) : [];
	if (output === 'compact') {
		// What no mapping or sync reads is left out (see the WeCom node's compactMember); the paths stay, for groups by path.
		const kept: IDataObject = {};
		for (const key in user) if (!NOT_IN_COMPACT.has(key)) kept[key] = (user as IDataObject)[key];
		if (tree) kept.department_paths = known.map((d, i) => d?.path ?? String(ids[i]));
		return kept;
	}
	if (output === 'raw') {
		const raw = { ...user } as IDataObject;
		if (tree) {
			raw.department_names = known.map((d, i) => d?.name ?? String(ids[i]));
			raw.department_paths = known.map((d, i) => d?.path ?? String(ids[i]));
		}
		return raw;
	}
	const leaders = new Map((user.leader_in_dept ?? []).map((e) => [e.dept_id, e.leader]));
	const orders = new Map((user.dept_order_list ?? []).map((e) => [e.dept_id, e.order]));
	if (listedIn !== undefined && user.leader !== undefined) leaders.set(listedIn, user.leader);
	if (listedIn !== undefined && user.dept_order !== undefined) orders.set(listedIn, user.dept_order);

	const simplified: IDataObject = {
		userid: user.userid,
		unionid: user.unionid,
		name: user.name,
		departments: ids.map((id, i) => {
			const d: IDataObject = { id };
			if (known[i]?.name) d.name = known[i]!.name;
			if (known[i]?.path) d.path = known[i]!.path;
			if (leaders.has(id)) d.isLeader = leaders.get(id);
			if (orders.has(id)) d.order = orders.get(id);
			return d;
		}),
	};
	const set = (key: string, value: unknown) => {
		if (value !== undefined && value !== null && value !== '') simplified[key] = value as IDataObject[string];
	};
	set('mobile', user.mobile);
	set('stateCode', user.state_code);
	set('telephone', user.telephone);
	set('jobNumber', user.job_number);
	set('title', user.title);
	set('email', user.email);
	set('orgEmail', user.org_email);
	set('workPlace', user.work_place);
	set('remark', user.remark);
	set('avatar', user.avatar);
	set('managerUserid', user.manager_userid);
	if (typeof user.hired_date === 'number' && user.hired_date > 0) simplified.hiredDate = new Date(user.hired_date).toISOString();
	set('extension', parseExtension(user.extension));
	// v2/user/get only: the user's roles, in the shape Map to IAM User's Roles option reads.
	if (Array.isArray(user.role_list)) {
		simplified.roles = (user.role_list as Array<{ id?: number; name?: string; group_name?: string }>).map((r) => ({
			id: r.id,
			name: r.name,
			groupName: r.group_name,
		}));
	}
	// "active" means the user has activated DingTalk: invited users who have not are false.
	for (const [key, value] of [
		['active', user.active],
		['admin', user.admin],
		['boss', user.boss],
		['hideMobile', user.hide_mobile],
		['exclusiveAccount', user.exclusive_account],
	] as const) {
		if (typeof value === 'boolean') simplified[key] = value;
	}
	return simplified;
}
