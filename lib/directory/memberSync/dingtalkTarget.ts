import type { IDataObject } from 'n8n-workflow';

import type { DingTalkClient } from '../../dingtalk/client';
import type { DingTalkUser } from '../../dingtalk/types';
import { isBlank, requireDepartmentName, requireEmail, requireMobile, requireText, requireUserId } from '../../dingtalk/validate';
import { DirectoryApiError, InputValidationError } from '../../transport/errors';
import { settle } from '../../transport/settle';
import type { SyncWriter } from '../applySync';
import type { SyncAction } from '../syncPlan';
import type { DepartmentCreator } from './departments';
import { parseDepartmentNames } from './departments';
import type { DesiredMember, MemberRow, MemberTargetSpec } from './rules';
import { HolderIndex, LABELS, nameHolder } from './rows';

/**
 * DingTalk users as the target of HR rows (dingtalk-api.md §3.3: v2/user/create, update,
 * delete). DingTalk's directory API has no disabled state — a user is in the organisation or
 * not — so a leaver is deleted or left alone. A mobile number cannot be changed (40022): the
 * plan leaves the change out and says so. Leader flags are set on the department
 * (dept_manager_userid_list), not on the user, and are not synced.
 */

export const DINGTALK_USER_FIELDS = [
	{ id: 'userid', displayName: 'User ID', required: true, type: 'string' },
	{ id: 'name', displayName: 'Name', required: true, type: 'string' },
	{ id: 'mobile', displayName: 'Mobile', required: false, type: 'string' },
	{ id: 'email', displayName: 'Email', required: false, type: 'string' },
	{ id: 'departments', displayName: 'Departments', required: false, type: 'string' },
	{ id: 'title', displayName: 'Title', required: false, type: 'string' },
	{ id: 'jobNumber', displayName: 'Job Number', required: false, type: 'string' },
	{ id: 'telephone', displayName: 'Telephone', required: false, type: 'string' },
	{ id: 'workPlace', displayName: 'Work Place', required: false, type: 'string' },
] as const;

/** One input row, checked with DingTalk's rules (dingtalk-api.md §3.3) before any call. */
export function dingTalkRow(values: Record<string, unknown>): MemberRow {
	const userid = requireUserId(values.userid);
	const name = requireText(values.name, 'Name', 80);
	const fields: Record<string, string> = {};
	const optional = (key: string, api: string, parse: (v: unknown) => string) => {
		if (!isBlank(values[key])) fields[api] = parse(values[key]);
	};
	optional('mobile', 'mobile', (v) => requireMobile(v, 'Mobile'));
	optional('email', 'email', (v) => requireEmail(v, 'Email', 50));
	optional('title', 'title', (v) => requireText(v, 'Title', 200));
	optional('jobNumber', 'job_number', (v) => requireText(v, 'Job Number', 50));
	optional('telephone', 'telephone', (v) => requireText(v, 'Telephone', 50));
	optional('workPlace', 'work_place', (v) => requireText(v, 'Work Place', 100));
	const row: MemberRow = { userid, name, fields };
	const departments = parseDepartmentNames(values.departments, LABELS.departments);
	if (departments.length > 100) throw new InputValidationError(LABELS.departments, `a user can be in at most 100 departments (${departments.length} given)`);
	for (const d of departments) if ('path' in d) for (const part of d.path.split(' / ')) if (/[-,，]/.test(part)) {
		throw new InputValidationError(LABELS.departments, `the department name "${part}" may not contain "-", "," or "，" (DingTalk's rule)`);
	}
	if (departments.length > 0) row.departments = departments;
	return row;
}

/** What v2/user/create needs beyond a name and departments. */
export function dingTalkCreateNeeds(row: MemberRow): void {
	if (!row.fields.mobile) throw new InputValidationError('Mobile', 'is required to add a new DingTalk user');
}

export const dingTalkUserSpec: MemberTargetSpec<DingTalkUser> = {
	target: 'DingTalk',
	noun: 'user',
	key: (userid) => userid,
	userid: (u) => u.userid,
	departments: (u) => (u.dept_id_list ?? []).map(Number),
	compare: { mobile: 'phone', email: 'email', title: 'text', job_number: 'text', telephone: 'text', work_place: 'text' },
	value: (u, field) => (u[field] === undefined || u[field] === null ? undefined : String(u[field])),
	locked: (u, field) =>
		field === 'mobile'
			? `The mobile number differs, but DingTalk cannot change a user's mobile number (40022): delete "${u.userid}" and add them again with the new number.`
			: undefined,
	departmentColumn: 'dept_id_list',
};

export function dingTalkHolders(users: readonly DingTalkUser[]): HolderIndex {
	const index = new HolderIndex();
	for (const u of users) {
		index.add('mobile', u.mobile, u.userid);
		index.add('email', u.email, u.userid);
		index.add('telephone', u.telephone, u.userid);
	}
	return index;
}

export interface DingTalkWriterContext {
	client: DingTalkClient;
	desired: readonly DesiredMember[];
	departments: DepartmentCreator;
	holders: HolderIndex;
	/** User IDs DingTalk answered with an invitation (40103) instead of adding them. */
	invited: string[];
}

const CONFLICTS: Record<number, [string, 'mobile' | 'email' | 'telephone']> = {
	60104: ['mobile number', 'mobile'],
	60106: ['email', 'email'],
	40100: ['telephone', 'telephone'],
};

async function explained(ctx: DingTalkWriterContext, error: unknown, body: IDataObject): Promise<unknown> {
	if (!(error instanceof DirectoryApiError)) return error;
	const conflict = CONFLICTS[Number(error.errcode)];
	if (conflict) {
		const [what, field] = conflict;
		const value = String(body[field] ?? '');
		let holder = ctx.holders.holder(field, value);
		if (!holder && field === 'mobile' && value) {
			const found = await settle(async () => await ctx.client.getUserIdByMobile(value));
			if (found.ok) holder = found.value;
		}
		return nameHolder(error, what, value, holder, String(body.userid));
	}
	if (Number(error.errcode) === 60102) {
		return error.withDetails({ hint: `A user with the userid "${String(body.userid)}" exists but was not in the directory read (outside the app's contacts scope, or added since the read): it is left untouched.` });
	}
	return error;
}

/** One DingTalk call per action (plus the departments the run creates first). */
export function dingTalkUserWriter(ctx: DingTalkWriterContext): SyncWriter {
	return {
		async write(action: SyncAction): Promise<boolean> {
			const userid = String(action.ref.userid ?? '');
			switch (action.action) {
				case 'create': {
					const desired = ctx.desired[action.sourceIndex!];
					const body: IDataObject = { userid: desired.userid, name: desired.name, ...desired.fields };
					body.dept_id_list = (await ctx.departments.ids(desired.departments ?? [])).join(',');
					const created = await settle(async () => await ctx.client.createUser(body));
					if (!created.ok) throw await explained(ctx, created.error, body);
					if (created.value.status === 'invited') ctx.invited.push(desired.userid);
					return true;
				}
				case 'update': {
					const body: IDataObject = { userid };
					for (const column of action.columns ?? []) {
						const value = action.changes![column];
						if (column === 'dept_id_list') body.dept_id_list = (await ctx.departments.ids(value as Array<number | string>)).join(',');
						else body[column] = value as string;
					}
					const updated = await settle(async () => await ctx.client.updateUser(body));
					if (!updated.ok) throw await explained(ctx, updated.error, body);
					return true;
				}
				case 'delete': {
					const deleted = await settle(async () => await ctx.client.deleteUser(userid));
					if (deleted.ok) return true;
					// Gone since the read (60121): the removal is done, nothing changed.
					if (deleted.error instanceof DirectoryApiError && Number(deleted.error.errcode) === 60121) return false;
					throw deleted.error;
				}
				default:
					return false;
			}
		},
	};
}

/** v2/department/create for a department the input names by path. */
export async function createDingTalkDepartment(client: DingTalkClient, name: string, parentId: number): Promise<number> {
	return await client.createDepartment({ name: requireDepartmentName(name, LABELS.departments), parent_id: parentId });
}
