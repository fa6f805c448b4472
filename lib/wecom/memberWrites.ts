import { DirectoryApiError, InputValidationError } from '../transport/errors';
import type { WeComClient } from './client';
import { createToUpdate } from './memberBody';
import type { WeComMember, WeComMemberWrite } from './types';

/** What to do when user/create answers 60102 (the userid exists): re-runs of an onboarding workflow must be safe. */
export type IfMemberExists = 'fail' | 'update' | 'skip';

export interface CreateOutcome {
	action: 'created' | 'updated' | 'skipped';
	/** Departments WeCom created because their IDs did not exist (under "待设置部门"). */
	createdDepartments: Array<{ id: number; name: string }>;
	/** The member found by the lookup after 60102, when the secret may read it. */
	existing?: WeComMember;
	notes: string[];
}

/** Run a call; a per-item refusal is returned, anything else (configuration, network) is thrown. */
async function itemFailure<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: DirectoryApiError }> {
	let failure: unknown;
	let value: T | undefined;
	try {
		value = await fn();
	} catch (error) {
		failure = error ?? new Error('unknown failure');
	}
	if (failure === undefined) return { value };
	if (failure instanceof DirectoryApiError && failure.errorClass === 'item') return { error: failure };
	throw failure;
}

/** A lookup that may fail (not visible to this secret, blocked from this IP): undefined then. */
async function quietly<T>(fn: () => Promise<T>): Promise<T | undefined> {
	try {
		return await fn();
	} catch {
		return undefined;
	}
}

/**
 * 60104 / 60106 / 60145: a mobile number or email held by someone else. Say who holds it
 * (user/getuserid, user/get_userid_by_email), so the fix is obvious.
 */
export async function explainConflict(client: WeComClient, error: DirectoryApiError, body: WeComMemberWrite): Promise<DirectoryApiError> {
	const lookups: Record<number, [string | undefined, () => Promise<string>]> = {
		60104: ['mobile number', async () => await client.getUserIdByMobile(body.mobile!)],
		60106: ['email', async () => await client.getUserIdByEmail(body.email!, 2)],
		60145: ['business email', async () => await client.getUserIdByEmail(body.biz_mail!, 1)],
	};
	const entry = lookups[Number(error.errcode)];
	const value = { 60104: body.mobile, 60106: body.email, 60145: body.biz_mail }[Number(error.errcode) as 60104 | 60106 | 60145];
	if (!entry || !value) return error;
	const holder = await quietly(entry[1]);
	if (!holder) return error;
	return error.withDetails({
		hint: `The ${entry[0]} ${value} is already used by member "${holder}". Use another ${entry[0]}, or update or remove that member first.`,
		context: { heldBy: holder },
	});
}

function mobileIgnored(existing: WeComMember | undefined, body: WeComMemberWrite): boolean {
	if (!existing || existing.status !== 1 || !body.mobile || !existing.mobile) return false;
	return body.mobile.replace(/^\+86[- ]?/, '') !== String(existing.mobile).replace(/^\+86[- ]?/, '');
}

/** user/update, with conflicts explained; notes when WeCom will silently ignore the new mobile number. */
export async function updateMember(client: WeComClient, body: WeComMemberWrite, existing?: WeComMember): Promise<string[]> {
	const { error } = await itemFailure(async () => await client.updateMember(body));
	if (error) throw await explainConflict(client, error, body);
	return mobileIgnored(existing, body)
		? ['WeCom ignores a new mobile number once the member has activated WeCom; the mobile number was not changed.']
		: [];
}

/**
 * user/create, made safe to re-run: on 60102 the existing member is looked up (user/get)
 * and, as asked, left alone or updated with the same fields. Mobile / email conflicts name
 * the member who holds them.
 */
export async function createMember(client: WeComClient, body: WeComMemberWrite, ifExists: IfMemberExists): Promise<CreateOutcome> {
	const { value, error } = await itemFailure(async () => await client.createMember(body));
	if (value) return { action: 'created', createdDepartments: value.createdDepartments, notes: [] };
	if (error!.errcode !== 60102) throw await explainConflict(client, error!, body);
	if (ifExists === 'fail') throw error!;

	const lookup = await itemFailure(async () => await client.getMember(body.userid)).catch(() => ({ value: undefined, error: undefined }));
	if (lookup.error?.errcode === 60111) {
		throw error!.withDetails({
			hint: `A member whose userid differs from "${body.userid}" only in letter case already exists: WeCom userids are unique ignoring case. Use the existing member's exact userid.`,
		});
	}
	const existing = lookup.value;
	const notes = existing ? [] : ['The member exists, but this secret cannot read its details.'];
	if (ifExists === 'skip') return { action: 'skipped', createdDepartments: [], existing, notes };
	notes.push(...(await updateMember(client, createToUpdate(body), existing)));
	return { action: 'updated', createdDepartments: [], existing, notes };
}

/**
 * What a member write does with a department ID that does not exist. WeCom itself accepts it:
 * user/create makes a department of that ID under "待设置部门" (departments to be set up) and
 * files the member there (docs/api-notes.md, WeCom §3.2). That is almost always a mapping bug, so the
 * default refuses the item before the write; 'create' sends it as is and warns.
 */
export type IfDepartmentMissing = 'fail' | 'create';

const plural = (list: readonly unknown[], one: string, many: string) => (list.length > 1 ? many : one);

/**
 * The member's department IDs that do not exist, checked against the departments the secret
 * can see: read once per run (client.knownDepartmentIds, one department/simplelist), not per
 * item. 'fail' refuses the item when there are any, naming the field, the IDs and the fix;
 * 'create' returns them for the item's warning. When the secret may not list departments the
 * check cannot be made: nothing is refused and WeCom decides (its created_department_list
 * still reports what it created).
 */
export async function unknownDepartments(
	client: WeComClient,
	departments: readonly number[] | undefined,
	ifMissing: IfDepartmentMissing,
	field = 'Departments',
): Promise<number[]> {
	if (!departments || departments.length === 0) return [];
	const known = await client.knownDepartmentIds();
	if (!known) return [];
	const unknown = departments.filter((id) => !known.has(id));
	if (unknown.length && ifMissing === 'fail') {
		throw new InputValidationError(
			field,
			`${plural(unknown, 'department', 'departments')} ${unknown.join(', ')} ${plural(unknown, 'does', 'do')} not exist (WeCom would create ${plural(unknown, 'it', 'them')} under "待设置部门"). Check the department IDs or pick them from the list; to let WeCom create missing departments, set "If a Department Does Not Exist" to "Let WeCom Create It"`,
		);
	}
	return unknown;
}

/**
 * The warning of a write that went out with departments that did not exist (or that WeCom
 * reports it created). `missing`: the IDs the run's department read did not have; `created`:
 * user/create's created_department_list (user/update answers none, D90197).
 */
export function missingDepartmentsWarning(
	write: 'create' | 'update',
	missing: readonly number[],
	created: ReadonlyArray<{ id: number; name: string }>,
): string | undefined {
	if (missing.length === 0 && created.length === 0) return undefined;
	const parts: string[] = [];
	if (missing.length) {
		parts.push(`${plural(missing, 'Department', 'Departments')} ${missing.join(', ')} did not exist when this run read WeCom's departments.`);
	}
	if (created.length) {
		const list = created.map((d) => `${d.id} "${d.name}"`).join(', ');
		parts.push(`WeCom created ${plural(created, 'department', 'departments')} ${list} under "待设置部门" and put the member there (created_department_list).`);
	} else if (write === 'create') {
		parts.push('WeCom\'s created_department_list is empty: an earlier item of this run may have created them.');
	} else {
		parts.push('WeCom accepted them, but its answer to user/update does not say what it made of them (only user/create answers created_department_list): check "待设置部门" in the admin console.');
	}
	parts.push('This usually means a wrong department ID: check the Departments of this member.');
	return parts.join(' ');
}
