import type { IDataObject } from 'n8n-workflow';

import { DirectoryApiError, InputValidationError } from '../../transport/errors';
import { settle } from '../../transport/settle';
import type { WeComClient } from '../../wecom/client';
import { explainConflict } from '../../wecom/memberWrites';
import type { WeComMember, WeComMemberWrite } from '../../wecom/types';
import {
	optionalAlias,
	optionalBoolean,
	optionalEmail,
	optionalMobile,
	optionalPosition,
	optionalTelephone,
	requireName,
	requireUserId,
} from '../../wecom/validate';
import type { SyncWriter } from '../applySync';
import type { SyncAction } from '../syncPlan';
import type { DepartmentCreator, ResolvedDepartment } from './departments';
import { parseDepartmentNames } from './departments';
import type { DesiredMember, MemberRow, MemberTargetSpec } from './rules';
import { HolderIndex, LABELS, nameHolder } from './rows';

/** WeCom members as the target of HR rows (wecom-api.md §3: user/create, user/update, user/delete). */

/** The input fields, by resource-mapper ID: label, type and what it is. */
export const WECOM_MEMBER_FIELDS = [
	{ id: 'userid', displayName: 'User ID', required: true, type: 'string', description: 'WeCom userid: matches the member (letters, digits, _-@.)' },
	{ id: 'name', displayName: 'Name', required: true, type: 'string' },
	{ id: 'mobile', displayName: 'Mobile', required: false, type: 'string' },
	{ id: 'email', displayName: 'Email', required: false, type: 'string' },
	{ id: 'departments', displayName: 'Departments', required: false, type: 'string' },
	{ id: 'mainDepartment', displayName: 'Main Department', required: false, type: 'string' },
	{ id: 'leaderOf', displayName: 'Leader Of Departments', required: false, type: 'string' },
	{ id: 'position', displayName: 'Position', required: false, type: 'string' },
	{ id: 'alias', displayName: 'Alias', required: false, type: 'string' },
	{ id: 'telephone', displayName: 'Telephone', required: false, type: 'string' },
	{ id: 'enabled', displayName: 'Enabled (True or False)', required: false, type: 'string' },
] as const;

/** One input row, checked with WeCom's rules (wecom-api.md §3.2) before any call. */
export function weComRow(values: Record<string, unknown>): MemberRow {
	const userid = requireUserId(values.userid);
	const name = requireName(values.name);
	const fields: Record<string, string> = {};
	const put = (key: string, value: string | undefined) => {
		if (value !== undefined) fields[key] = value;
	};
	put('mobile', optionalMobile(values.mobile));
	put('email', optionalEmail(values.email));
	put('position', optionalPosition(values.position));
	put('alias', optionalAlias(values.alias));
	put('telephone', optionalTelephone(values.telephone));
	const row: MemberRow = { userid, name, fields };
	const departments = parseDepartmentNames(values.departments, LABELS.departments);
	if (departments.length > 100) throw new InputValidationError(LABELS.departments, `a member can be in at most 100 departments (${departments.length} given)`);
	if (departments.length > 0) row.departments = departments;
	if (values.leaderOf !== undefined && values.leaderOf !== null) row.leaderOf = parseDepartmentNames(values.leaderOf, LABELS.leaderOf);
	const main = parseDepartmentNames(values.mainDepartment, LABELS.mainDepartment);
	if (main.length > 1) throw new InputValidationError(LABELS.mainDepartment, 'must be one department');
	if (main.length === 1) row.mainDepartment = main[0];
	const enabled = optionalBoolean(values.enabled, 'Enabled');
	if (enabled !== undefined) row.enabled = enabled;
	return row;
}

/** What user/create needs beyond a name and departments. */
export function weComCreateNeeds(row: MemberRow): void {
	if (!row.fields.mobile && !row.fields.email) throw new InputValidationError('Mobile or Email', 'WeCom needs at least one of them to add a new member');
}

export const weComMemberSpec: MemberTargetSpec<WeComMember> = {
	target: 'WeCom',
	noun: 'member',
	// userids are unique ignoring case (60102 for "ZhangSan" when "zhangsan" exists).
	key: (userid) => userid.toLowerCase(),
	userid: (m) => m.userid,
	departments: (m) => (m.department ?? []).map(Number),
	leaderOf: (m) => (m.department ?? []).filter((_, i) => Number(m.is_leader_in_dept?.[i] ?? 0) === 1).map(Number),
	mainDepartment: (m) => (m.main_department !== undefined ? Number(m.main_department) : undefined),
	enabled: (m) => Number(m.enable ?? 1) !== 0,
	compare: { mobile: 'phone', email: 'email', position: 'text', alias: 'text', telephone: 'text' },
	value: (m, field) => (typeof m[field] === 'string' ? (m[field] as string) : m[field] === undefined || m[field] === null ? undefined : String(m[field])),
	locked: (m, field) =>
		field === 'mobile' && Number(m.status) === 1
			? `The mobile number differs, but WeCom keeps the number a member activated WeCom with (user/update ignores it): ask "${m.userid}" to change it in WeCom.`
			: undefined,
	departmentColumn: 'department',
};

/** The holders of mobile numbers and e-mails among the members read. */
export function weComHolders(members: readonly WeComMember[]): HolderIndex {
	const index = new HolderIndex();
	for (const m of members) {
		index.add('mobile', m.mobile, m.userid);
		index.add('email', m.email, m.userid);
	}
	return index;
}

const FIELD_OF: Record<string, keyof WeComMemberWrite> = { name: 'name', mobile: 'mobile', email: 'email', position: 'position', alias: 'alias', telephone: 'telephone' };

export interface WeComWriterContext {
	client: WeComClient;
	/** desired[action.sourceIndex] is the row an action comes from. */
	desired: readonly DesiredMember[];
	stored: ReadonlyMap<string, WeComMember>;
	departments: DepartmentCreator;
	holders: HolderIndex;
	/** Send WeCom's invitation to new members (user/create to_invite). */
	invite: boolean;
}

/** The department part of a write: the IDs, the leader flags aligned with them, the main department. */
async function departmentBody(ctx: WeComWriterContext, desired: DesiredMember, stored: WeComMember | undefined): Promise<Partial<WeComMemberWrite>> {
	const resolved: ResolvedDepartment[] = desired.departments ?? weComMemberSpec.departments(stored!);
	const ids = await ctx.departments.ids(resolved);
	const body: Partial<WeComMemberWrite> = { department: ids };
	const leaders = desired.leaderOf ? await ctx.departments.ids(desired.leaderOf) : stored ? weComMemberSpec.leaderOf!(stored) : undefined;
	if (leaders) body.is_leader_in_dept = ids.map((id) => (leaders.includes(id) ? 1 : 0));
	if (desired.mainDepartment !== undefined) body.main_department = await ctx.departments.id(desired.mainDepartment);
	return body;
}

async function explained(ctx: WeComWriterContext, error: unknown, body: WeComMemberWrite): Promise<unknown> {
	if (!(error instanceof DirectoryApiError)) return error;
	const code = Number(error.errcode);
	if (code === 60104 && body.mobile) {
		const holder = ctx.holders.holder('mobile', body.mobile);
		if (holder) return nameHolder(error, 'mobile number', body.mobile, holder, body.userid);
	}
	if (code === 60106 && body.email) {
		const holder = ctx.holders.holder('email', body.email);
		if (holder) return nameHolder(error, 'email', body.email, holder, body.userid);
	}
	if (code === 60102) {
		return error.withDetails({
			hint: `A member with the userid "${body.userid}" (ignoring letter case) exists but was not in the directory read (outside the credential's visible scope, or added since the read): it is left untouched.`,
		});
	}
	// Not among the members read (outside the visible scope, or added since): ask WeCom who holds it.
	return error.errorClass === 'item' ? await explainConflict(ctx.client, error, body) : error;
}

/** One WeCom call per action (plus the departments the run creates first). */
export function weComMemberWriter(ctx: WeComWriterContext): SyncWriter {
	const desiredOf = (action: SyncAction) => (action.sourceIndex !== undefined ? ctx.desired[action.sourceIndex] : undefined);
	return {
		async write(action: SyncAction): Promise<boolean> {
			const userid = String(action.ref.userid ?? '');
			const stored = ctx.stored.get(weComMemberSpec.key(userid));
			switch (action.action) {
				case 'create': {
					const desired = desiredOf(action)!;
					const body: WeComMemberWrite = { userid: desired.userid, name: desired.name };
					for (const [field, value] of Object.entries(desired.fields)) (body as unknown as IDataObject)[FIELD_OF[field]] = value;
					Object.assign(body, await departmentBody(ctx, desired, undefined));
					if (desired.enable !== undefined) body.enable = desired.enable;
					body.to_invite = ctx.invite;
					const created = await settle(async () => await ctx.client.createMember(body));
					if (!created.ok) throw await explained(ctx, created.error, body);
					return true;
				}
				case 'update':
				case 'unforbid': {
					const desired = desiredOf(action)!;
					const columns = action.columns ?? [];
					const body: WeComMemberWrite = { userid: stored?.userid ?? userid };
					for (const column of columns) {
						if (FIELD_OF[column]) (body as unknown as IDataObject)[FIELD_OF[column]] = action.changes![column] as string;
					}
					if (columns.includes('department') || columns.includes('leaderOf') || columns.includes('main_department')) {
						Object.assign(body, await departmentBody(ctx, desired, stored));
					}
					if (columns.includes('enable')) body.enable = action.changes!.enable as 0 | 1;
					const updated = await settle(async () => await ctx.client.updateMember(body));
					if (!updated.ok) throw await explained(ctx, updated.error, body);
					return true;
				}
				case 'forbid':
					await ctx.client.updateMember({ userid: stored?.userid ?? userid, enable: 0 });
					return true;
				case 'delete': {
					const deleted = await settle(async () => await ctx.client.deleteMember(stored?.userid ?? userid));
					if (deleted.ok) return true;
					// Gone since the read: the removal is done, nothing changed.
					if (deleted.error instanceof DirectoryApiError && Number(deleted.error.errcode) === 60111) return false;
					throw deleted.error;
				}
				default:
					return false;
			}
		},
	};
}

/** department/create for a department the input names by path. */
export async function createWeComDepartment(client: WeComClient, name: string, parentId: number): Promise<number> {
	return await client.createDepartment({ name, parentid: parentId });
}
