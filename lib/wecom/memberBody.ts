import { InputValidationError } from '../transport/errors';
import type { WeComMemberWrite } from './types';
import {
	optionalAddress,
	optionalAlias,
	optionalBoolean,
	optionalDirectLeader,
	optionalEmail,
	optionalExternalPosition,
	optionalExtattr,
	optionalGender,
	optionalJsonObject,
	optionalMobile,
	optionalOrder,
	optionalPosition,
	optionalTelephone,
	optionalText,
	requireDepartmentId,
	requireName,
	requireUserId,
} from './validate';

/**
 * A member as the node (or any caller) describes it, before validation. Values are whatever
 * the parameters or expressions produced; `memberCreateBody` / `memberUpdateBody` check every
 * rule of docs/api-notes.md, WeCom §3.2 and build the WeCom body, so an invalid member never costs a call.
 */
export interface MemberInput {
	userid: unknown;
	name?: unknown;
	alias?: unknown;
	mobile?: unknown;
	email?: unknown;
	bizMail?: unknown;
	telephone?: unknown;
	position?: unknown;
	gender?: unknown;
	directLeader?: unknown;
	avatarMediaId?: unknown;
	address?: unknown;
	enabled?: unknown;
	toInvite?: unknown;
	extattr?: unknown;
	externalProfile?: unknown;
	externalPosition?: unknown;
	departments?: MemberDepartments;
}

/** Department membership as WeCom takes it: parallel lists (order and leader flags the same length as the IDs). */
export interface MemberDepartments {
	ids: unknown[];
	orders?: unknown[];
	leaders?: unknown[];
	main?: unknown;
}

/** One row of the node's Departments list. */
export interface MemberDepartmentEntry {
	id: unknown;
	order?: unknown;
	isLeader?: unknown;
	isMain?: unknown;
}

const FIELD = 'Departments';
const MAX_DEPARTMENTS = 100;

/** Rows → parallel lists; at most one row may be the main department. */
export function departmentsFromEntries(entries: MemberDepartmentEntry[]): MemberDepartments {
	const mains = entries.filter((e) => optionalBoolean(e.isMain, FIELD));
	if (mains.length > 1) throw new InputValidationError(FIELD, `only one department can be the main department (${mains.length} are marked)`);
	return {
		ids: entries.map((e) => e.id),
		orders: entries.map((e) => e.order ?? 0),
		leaders: entries.map((e) => e.isLeader ?? false),
		main: mains[0]?.id,
	};
}

/** Run a rule on list entry n, naming the entry in the error. */
function inEntry<T>(n: number, rule: () => T): T {
	try {
		return rule();
	} catch (error) {
		throw error instanceof InputValidationError ? error.inEntry(n + 1) : error;
	}
}

function departmentFields(d: MemberDepartments): Partial<WeComMemberWrite> {
	if (d.ids.length > MAX_DEPARTMENTS) {
		throw new InputValidationError(FIELD, `a member can be in at most ${MAX_DEPARTMENTS} departments (${d.ids.length} given)`);
	}
	const department = d.ids.map((id, n) => inEntry(n, () => requireDepartmentId(id, FIELD)));
	if (new Set(department).size !== department.length) throw new InputValidationError(FIELD, 'lists the same department twice');
	const out: Partial<WeComMemberWrite> = { department };
	if (d.orders !== undefined) {
		if (d.orders.length !== department.length) {
			throw new InputValidationError(FIELD, `order has ${d.orders.length} entries for ${department.length} departments; they must match`);
		}
		out.order = d.orders.map((o, n) => inEntry(n, () => optionalOrder(o, FIELD) ?? 0));
	}
	if (d.leaders !== undefined) {
		if (d.leaders.length !== department.length) {
			throw new InputValidationError(FIELD, `the leader flags have ${d.leaders.length} entries for ${department.length} departments; they must match`);
		}
		out.is_leader_in_dept = d.leaders.map((l, n) => inEntry(n, () => (optionalBoolean(l, FIELD) ? 1 : 0)));
	}
	if (d.main !== undefined && d.main !== null && d.main !== '') {
		const main = requireDepartmentId(d.main, FIELD);
		if (!department.includes(main)) throw new InputValidationError(FIELD, `the main department ${main} must be one of the member's departments`);
		out.main_department = main;
	}
	return out;
}

/** Every optional field, validated; absent or empty ones are left out. */
function optionalFields(input: MemberInput): Partial<WeComMemberWrite> {
	const enabled = optionalBoolean(input.enabled, 'Enabled');
	const body: Partial<WeComMemberWrite> = {
		alias: optionalAlias(input.alias),
		mobile: optionalMobile(input.mobile),
		email: optionalEmail(input.email),
		biz_mail: optionalEmail(input.bizMail, 'Business Email'),
		telephone: optionalTelephone(input.telephone),
		position: optionalPosition(input.position),
		gender: optionalGender(input.gender),
		direct_leader: optionalDirectLeader(input.directLeader),
		avatar_mediaid: optionalText(input.avatarMediaId, 'Avatar Media ID'),
		address: optionalAddress(input.address),
		enable: enabled === undefined ? undefined : enabled ? 1 : 0,
		extattr: optionalExtattr(input.extattr),
		external_profile: optionalJsonObject(input.externalProfile, 'External Profile (JSON)'),
		external_position: optionalExternalPosition(input.externalPosition),
		...(input.departments && input.departments.ids.length > 0 ? departmentFields(input.departments) : {}),
	};
	for (const key of Object.keys(body) as Array<keyof WeComMemberWrite>) if (body[key] === undefined) delete body[key];
	return body;
}

/** user/create: userid and name required, mobile or email required, every rule checked. */
export function memberCreateBody(input: MemberInput): WeComMemberWrite {
	const userid = requireUserId(input.userid);
	const name = requireName(input.name);
	const body: WeComMemberWrite = { userid, name, ...optionalFields(input) };
	if (!body.mobile && !body.email) {
		throw new InputValidationError('Mobile or Email', 'WeCom needs at least one of them to invite the member');
	}
	const toInvite = optionalBoolean(input.toInvite, 'Invite to WeCom');
	if (toInvite !== undefined) body.to_invite = toInvite;
	return body;
}

/** user/update: only the fields given change, so at least one must be given. */
export function memberUpdateBody(input: MemberInput): WeComMemberWrite {
	const userid = requireUserId(input.userid);
	const name = input.name === undefined || optionalText(input.name, 'Name') === undefined ? undefined : requireName(input.name);
	const body: WeComMemberWrite = { userid, ...(name ? { name } : {}), ...optionalFields(input) };
	if (Object.keys(body).length === 1) throw new InputValidationError('Update Fields', 'choose at least one field to change');
	return body;
}

/** The body user/update takes for a member that already exists (re-run of a create in "update" mode). */
export function createToUpdate(body: WeComMemberWrite): WeComMemberWrite {
	const update = { ...body };
	delete update.to_invite;
	return update;
}
