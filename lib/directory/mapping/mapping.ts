import { InputValidationError } from '../../transport/errors';
import type { IamUser } from './iamUser';
import { SOURCE_PROPERTY, sourceTag } from './iamUser';
import type { NameRule } from './iamNames';
import { groupNameForId, groupNameForPath, userNameFor } from './iamNames';
import type { AdminOptions } from './memberRoles';
import { memberIamRoles, memberIsAdmin } from './memberRoles';
import type { RoleNameOptions } from './roleNames';
import type { ProviderId } from '../sources/registry';
import { providerEntry } from '../sources/registry';

/**
 * Mapping a directory member to an IAM user: Casdoor's syncers' field tables
 * (docs/api-notes.md, Mapping). Pure functions, no API call. A field the source withholds or leaves
 * empty is omitted, never "", so a sync can never blank an email or a phone.
 */

export type GroupMode = 'none' | 'departmentId' | 'departmentPath';

export interface MappingOptions {
	/** The Casdoor organization (owner) of the users. */
	organization: string;
	/** Names the source in the users' `properties.source` ("wecom:<sourceName>"). */
	sourceName?: string;
	/** 'sanitize' (default) makes invalid ids valid Casdoor names; 'keep' uses them as they are. */
	nameRule?: NameRule;
	/** WeCom status 4 (invited, not yet activated) counts as active. Default false, as Casdoor's syncer does. */
	treatNotActivatedAsActive?: boolean;
	/** Department membership as groups: by department id or by department path. Default none. */
	groups?: GroupMode;
	/** Carry the member's tags / roles as IAM role IDs ("owner/roleName") in `roles`. Off when absent. */
	roles?: RoleNameOptions;
	/** Set isAdmin from a list of administrator userids and/or the member's own flag. */
	admins?: AdminOptions;
}

export type DingTalkNameSource = 'jobNumber' | 'userid' | 'unionid';

export interface DingTalkMappingOptions extends MappingOptions {
	/** What becomes the user name; every choice falls back to userid when empty. Default jobNumber (docs/api-notes.md, Mapping). */
	nameSource?: DingTalkNameSource;
}

type Json = Record<string, unknown>;

/** A scalar as trimmed text; undefined for missing, empty, null or structured values. */
function text(value: unknown): string | undefined {
	if (value === undefined || value === null || typeof value === 'object') return undefined;
	const s = String(value).trim();
	return s === '' ? undefined : s;
}

function list(value: unknown): unknown[] | undefined {
	if (Array.isArray(value)) return value;
	// DingTalk sends dept_id_list as a comma-separated string in some answers.
	if (typeof value === 'string' && value.trim() !== '') return value.split(',').map((s) => s.trim());
	return undefined;
}

export interface MappedDepartment {
	id: string;
	path?: string;
}

/** What a provider's mapping reads off one member; `toIamUser` turns it into the IAM user. */
export interface MappedFields extends Pick<IamUser, 'displayName' | 'email' | 'phone' | 'avatar' | 'title' | 'gender' | 'isForbidden'> {
	sourceId: string;
	rawName: string;
	departments: MappedDepartment[];
}

function groupsFor(departments: MappedDepartment[], options: MappingOptions): string[] | undefined {
	const mode = options.groups ?? 'none';
	if (mode === 'none') return undefined;
	const names = departments.map((d) => {
		if (mode === 'departmentId') return groupNameForId(d.id);
		if (!d.path) {
			throw new InputValidationError(
				'departments',
				`department ${d.id} has no path. Path-based groups need members read with their department paths (WeCom: Member → Get All in Directory or Get Many with sub-departments)`,
			);
		}
		return groupNameForPath(d.path, options.organization);
	});
	return [...new Set(names)].map((name) => `${options.organization}/${name}`);
}

/**
 * The IAM user of one member, from the fields its provider's mapping read: the part every
 * provider shares (name rule, groups, roles, administrators, the source tag, the binding).
 */
export function toIamUser(provider: ProviderId, fields: MappedFields, options: MappingOptions, member: Json): IamUser {
	const organization = text(options.organization);
	if (!organization) throw new InputValidationError('Organization', 'is required (the Casdoor organization the users belong to)');
	// Built in Casdoor's field order, properties last; the cast is completed below.
	const user = {
		owner: organization,
		name: userNameFor(fields.rawName, options.nameRule ?? 'sanitize'),
		id: fields.sourceId,
		externalId: fields.sourceId,
	} as IamUser;
	const optional: Array<[keyof IamUser, unknown]> = [
		['displayName', fields.displayName],
		['email', fields.email],
		['phone', fields.phone],
		['avatar', fields.avatar],
		['title', fields.title],
		['gender', fields.gender],
		['isForbidden', fields.isForbidden],
		['isAdmin', memberIsAdmin(fields.sourceId, member, options.admins)],
	];
	for (const [key, value] of optional) if (value !== undefined) (user as unknown as Json)[key] = value;
	const binding = providerEntry(provider).bindingField;
	if (binding !== undefined) (user as unknown as Json)[binding] = fields.sourceId;
	const groups = groupsFor(fields.departments, { ...options, organization });
	if (groups) user.groups = groups;
	if (options.roles) user.roles = memberIamRoles(provider, member, organization, options.roles);
	user.properties = { [SOURCE_PROPERTY]: sourceTag(provider, options.sourceName) };
	return user;
}

function requireId(value: unknown, field: string, what: string): string {
	const id = text(value);
	if (!id) throw new InputValidationError(field, `is missing: the input item is not a ${what}`);
	return id;
}

const WECOM_GENDER: Record<string, 'Male' | 'Female'> = { '1': 'Male', '2': 'Female', male: 'Male', female: 'Female' };

/**
 * Seed 000/001: status 2 (disabled), 4 (not activated) and 5 (left) or enable 0 mean
 * forbidden. Accepts the raw API numbers and the node's simplified words. Neither present
 * (an ID-only listing) means unknown: omitted, so a sync leaves the flag alone.
 */
function weComForbidden(member: Json, treatNotActivatedAsActive: boolean): boolean | undefined {
	const status = text(member.status);
	const enable = member.enable ?? (typeof member.enabled === 'boolean' ? (member.enabled ? 1 : 0) : undefined);
	if (status === undefined && (enable === undefined || enable === null)) return undefined;
	if (enable !== undefined && enable !== null && Number(enable) === 0) return true;
	switch (status) {
		case '2':
		case '5':
		case 'disabled':
		case 'left':
			return true;
		case '4':
		case 'notActivated':
			return !treatNotActivatedAsActive;
		default:
			return false;
	}
}

function weComDepartments(member: Json): MappedDepartment[] {
	// The node's simplified shape: departments [{id, name, path}].
	if (Array.isArray(member.departments)) {
		return (member.departments as Json[])
			.filter((d) => d && typeof d === 'object' && text(d.id) !== undefined)
			.map((d) => ({ id: text(d.id)!, path: text(d.path) }));
	}
	// The raw shape: department[] with department_paths[] aligned when the walk added them.
	const ids = list(member.department) ?? [];
	const paths = list(member.department_paths) ?? [];
	return ids.filter((id) => text(id) !== undefined).map((id, i) => ({ id: text(id)!, path: text(paths[i]) }));
}

/** A WeCom member (raw API shape or the node's simplified shape) as an IAM user. */
export function toIamUserFromWeCom(member: Json, options: MappingOptions): IamUser {
	const userid = requireId(member.userid, 'userid', 'WeCom member (it has no userid)');
	const gender = text(member.gender);
	return toIamUser(
		'wecom',
		{
			sourceId: userid,
			rawName: userid,
			displayName: text(member.name),
			email: text(member.email),
			phone: text(member.mobile),
			avatar: text(member.avatar),
			title: text(member.position),
			gender: gender !== undefined ? WECOM_GENDER[gender] : undefined,
			isForbidden: weComForbidden(member, options.treatNotActivatedAsActive ?? false),
			departments: weComDepartments(member),
		},
		options,
		member,
	);
}

function dingTalkActive(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	return undefined;
}

/** A DingTalk user (topapi/v2/user/list or v2/user/get record) as an IAM user. */
export function toIamUserFromDingTalk(user: Json, options: DingTalkMappingOptions): IamUser {
	const userid = requireId(user.userid, 'userid', 'DingTalk user (it has no userid)');
	const source = options.nameSource ?? 'jobNumber';
	const rawName =
		(source === 'jobNumber' ? text(user.job_number) : source === 'unionid' ? text(user.unionid ?? user.unionId) : undefined) ??
		userid;
	const active = dingTalkActive(user.active);
	const ids = list(user.dept_id_list) ?? [];
	const paths = list(user.department_paths) ?? [];
	return toIamUser(
		'dingtalk',
		{
			sourceId: userid,
			rawName,
			displayName: text(user.name),
			email: text(user.email),
			phone: text(user.mobile),
			avatar: text(user.avatar),
			title: text(user.title),
			isForbidden: active === undefined ? undefined : !active,
			departments: ids.filter((id) => text(id) !== undefined).map((id, i) => ({ id: text(id)!, path: text(paths[i]) })),
		},
		options,
		user,
	);
}
