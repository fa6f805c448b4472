import type { ScimMultiValue, ScimPatchOperation, ScimUser } from './types';
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from './types';

/**
 * The attributes of a SCIM user this package reads and writes, flattened: what a sync
 * compares, what Create / Update take, what the mapping produces. Every other attribute
 * of a stored user (addresses, roles, other extensions) is left as the server has it.
 */
export interface ScimUserView {
	/** The server's id (stored users only). */
	id?: string;
	userName: string;
	externalId?: string;
	displayName?: string;
	givenName?: string;
	familyName?: string;
	/** The primary (else work, else first) email. */
	email?: string;
	/** The primary (else mobile, else first) phone number. */
	phone?: string;
	title?: string;
	active?: boolean;
	employeeNumber?: string;
	department?: string;
	/** The manager's SCIM id (enterprise manager.value). */
	manager?: string;
}

/** The view's attributes that live in the enterprise extension (RFC 7643 §4.3). */
const ENTERPRISE_FIELDS = ['employeeNumber', 'department', 'manager'] as const;

/** The entry of a multi-valued attribute the view stands for: primary, else the given type, else the first. */
function mainEntry(values: ScimMultiValue[] | undefined, type: string): ScimMultiValue | undefined {
	if (!Array.isArray(values) || values.length === 0) return undefined;
	return values.find((v) => v.primary === true) ?? values.find((v) => v.type === type) ?? values[0];
}

function text(value: unknown): string | undefined {
	if (value === undefined || value === null || typeof value === 'object') return undefined;
	const s = String(value).trim();
	return s === '' ? undefined : s;
}

/** A stored SCIM user as a view; attributes the server leaves out are absent. */
export function fromScimUser(user: ScimUser): ScimUserView {
	const enterprise = user[ENTERPRISE_SCHEMA] ?? {};
	const view: ScimUserView = { userName: String(user.userName ?? '') };
	const fields: Array<[keyof ScimUserView, unknown]> = [
		['id', user.id],
		['externalId', user.externalId],
		['displayName', user.displayName],
		['givenName', user.name?.givenName],
		['familyName', user.name?.familyName],
		['email', mainEntry(user.emails, 'work')?.value],
		['phone', mainEntry(user.phoneNumbers, 'mobile')?.value],
		['title', user.title],
		['employeeNumber', enterprise.employeeNumber],
		['department', enterprise.department],
		['manager', enterprise.manager?.value],
	];
	for (const [key, value] of fields) {
		const t = text(value);
		if (t !== undefined) (view as unknown as Record<string, unknown>)[key] = t;
	}
	if (typeof user.active === 'boolean') view.active = user.active;
	return view;
}

/** The SCIM user to create for a view: core attributes, plus the enterprise extension when any of its fields is set. */
export function toScimUser(view: ScimUserView): ScimUser {
	const hasEnterprise = ENTERPRISE_FIELDS.some((f) => view[f] !== undefined);
	const user: ScimUser = { schemas: hasEnterprise ? [USER_SCHEMA, ENTERPRISE_SCHEMA] : [USER_SCHEMA], userName: view.userName };
	if (view.externalId !== undefined) user.externalId = view.externalId;
	const name: Record<string, string> = {};
	if (view.displayName !== undefined) name.formatted = view.displayName;
	if (view.givenName !== undefined) name.givenName = view.givenName;
	if (view.familyName !== undefined) name.familyName = view.familyName;
	if (Object.keys(name).length > 0) user.name = name;
	if (view.displayName !== undefined) user.displayName = view.displayName;
	if (view.title !== undefined) user.title = view.title;
	if (view.active !== undefined) user.active = view.active;
	if (view.email !== undefined) user.emails = [{ value: view.email, type: 'work', primary: true }];
	if (view.phone !== undefined) user.phoneNumbers = [{ value: view.phone, type: 'mobile', primary: true }];
	if (hasEnterprise) {
		const enterprise: Record<string, unknown> = {};
		if (view.employeeNumber !== undefined) enterprise.employeeNumber = view.employeeNumber;
		if (view.department !== undefined) enterprise.department = view.department;
		if (view.manager !== undefined) enterprise.manager = { value: view.manager };
		user[ENTERPRISE_SCHEMA] = enterprise;
	}
	return user;
}

/**
 * The list with the view's entry set to `value`: the entry the view reads (primary, else
 * `type`, else first) gets the new value; an empty list gets a primary entry. Other
 * entries (a home email, a fax number) stay.
 */
function withMainValue(values: ScimMultiValue[] | undefined, type: string, value: string): ScimMultiValue[] {
	const list = Array.isArray(values) ? values.map((v) => ({ ...v })) : [];
	const main = mainEntry(list, type);
	if (main) main.value = value;
	else list.push({ value, type, primary: true });
	return list;
}

const SIMPLE_PATHS: Record<string, string> = {
	userName: 'userName',
	externalId: 'externalId',
	displayName: 'displayName',
	title: 'title',
	active: 'active',
	givenName: 'name.givenName',
	familyName: 'name.familyName',
	employeeNumber: `${ENTERPRISE_SCHEMA}:employeeNumber`,
	department: `${ENTERPRISE_SCHEMA}:department`,
};

/**
 * PATCH operations (RFC 7644 §3.5.2) that write the changed view fields onto `current`.
 * Plain paths only, no value filters (many servers reject `emails[type eq "work"]`):
 * emails and phoneNumbers are replaced whole, with the other entries kept.
 */
export function patchOperations(changes: Partial<ScimUserView>, current: ScimUser): ScimPatchOperation[] {
	const ops: ScimPatchOperation[] = [];
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined || key === 'id') continue;
		if (key === 'email') ops.push({ op: 'replace', path: 'emails', value: withMainValue(current.emails, 'work', String(value)) });
		else if (key === 'phone') ops.push({ op: 'replace', path: 'phoneNumbers', value: withMainValue(current.phoneNumbers, 'mobile', String(value)) });
		else if (key === 'manager') ops.push({ op: 'replace', path: `${ENTERPRISE_SCHEMA}:manager`, value: { value } });
		else if (SIMPLE_PATHS[key]) {
			ops.push({ op: 'replace', path: SIMPLE_PATHS[key], value });
			// name.formatted follows the display name, as at creation.
			if (key === 'displayName') ops.push({ op: 'replace', path: 'name.formatted', value });
		}
	}
	return ops;
}

/**
 * `current` with the operations applied locally: the body of the PUT that replaces PATCH
 * on servers without it. Only the paths `patchOperations` writes are understood. The
 * server-managed meta and the read-only groups are left out of the body.
 */
export function applyOperations(current: ScimUser, operations: ScimPatchOperation[]): ScimUser {
	const user = JSON.parse(JSON.stringify(current)) as ScimUser;
	delete user.meta;
	delete user.groups;
	for (const { path, value } of operations) {
		if (!path) continue;
		if (path.startsWith(`${ENTERPRISE_SCHEMA}:`)) {
			const attribute = path.slice(ENTERPRISE_SCHEMA.length + 1);
			user[ENTERPRISE_SCHEMA] = { ...(user[ENTERPRISE_SCHEMA] ?? {}), [attribute]: value };
			const schemas = user.schemas ?? [USER_SCHEMA];
			if (!schemas.includes(ENTERPRISE_SCHEMA)) user.schemas = [...schemas, ENTERPRISE_SCHEMA];
		} else if (path.includes('.')) {
			const [parent, child] = path.split('.');
			user[parent] = { ...((user[parent] as Record<string, unknown>) ?? {}), [child]: value };
		} else {
			user[path] = value;
		}
	}
	return user;
}
