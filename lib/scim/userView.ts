import type { ScimMultiValue, ScimPatchOperation, ScimUser } from './types';
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from './types';

/**
 * The attributes of a SCIM user this package reads and writes, flattened: what a sync
 * compares, what Create / Update take, what the mapping produces. Every other attribute
 * of a stored user (addresses, roles, other extensions, the read-only groups) and every
 * entry of emails / phoneNumbers other than the owned one is left as the server has it.
 */
export interface ScimUserView {
	/** The server's id (stored users only). */
	id?: string;
	userName: string;
	externalId?: string;
	displayName?: string;
	givenName?: string;
	familyName?: string;
	/** The owned email: the value of the first `emails` entry of type work (OWNED_TYPES). */
	email?: string;
	/** The owned phone: the value of the first `phoneNumbers` entry of type mobile (OWNED_TYPES). */
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

/**
 * The one entry of each multi-valued attribute this package owns, by its `type`. An IdP
 * (or its admins) may keep other entries on the same user — a home e-mail, a work
 * landline, a fax — which are theirs: the owned entry is found by type, never by
 * `primary` or position, so writing it can never overwrite or retype one of them.
 */
export const OWNED_TYPES = { emails: 'work', phoneNumbers: 'mobile' } as const;

function isEntry(value: unknown): value is ScimMultiValue {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `type` is case-insensitive (RFC 7643 §4.1.2: caseExact false), so "Work" is the work entry. */
function hasType(entry: unknown, type: string): boolean {
	return isEntry(entry) && typeof entry.type === 'string' && entry.type.toLowerCase() === type;
}

/** The owned entry of a stored attribute: the first of the owned type; undefined when there is none. */
export function ownedEntry(values: unknown, type: string): ScimMultiValue | undefined {
	return Array.isArray(values) ? (values.find((v) => hasType(v, type)) as ScimMultiValue | undefined) : undefined;
}

/**
 * What an input item (a SCIM user given to Create / Update) means by its e-mail or
 * phone: primary, else the given type, else the first. Only for reading input — a stored
 * user is read by its owned entry (`ownedEntry`).
 */
function mainEntry(values: ScimMultiValue[] | undefined, type: string): ScimMultiValue | undefined {
	if (!Array.isArray(values) || values.length === 0) return undefined;
	return values.find((v) => v.primary === true) ?? values.find((v) => hasType(v, type)) ?? values[0];
}

function text(value: unknown): string | undefined {
	if (value === undefined || value === null || typeof value === 'object') return undefined;
	const s = String(value).trim();
	return s === '' ? undefined : s;
}

function viewOf(user: ScimUser, entry: (values: ScimMultiValue[] | undefined, type: string) => ScimMultiValue | undefined): ScimUserView {
	const enterprise = user[ENTERPRISE_SCHEMA] ?? {};
	const view: ScimUserView = { userName: String(user.userName ?? '') };
	const fields: Array<[keyof ScimUserView, unknown]> = [
		['id', user.id],
		['externalId', user.externalId],
		['displayName', user.displayName],
		['givenName', user.name?.givenName],
		['familyName', user.name?.familyName],
		['email', entry(user.emails, OWNED_TYPES.emails)?.value],
		['phone', entry(user.phoneNumbers, OWNED_TYPES.phoneNumbers)?.value],
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

/**
 * A stored SCIM user as a view, for comparing and writing: email and phone are the owned
 * entries' values only (absent when the user has no entry of that type, even if it has
 * others), so a sync compares exactly what it owns and adds its entry where it is missing.
 */
export function fromScimUser(user: ScimUser): ScimUserView {
	return viewOf(user, ownedEntry);
}

/** A SCIM user given as input (an item with userName) as a view: its primary (else typed, else first) e-mail and phone. */
export function fromScimUserItem(user: ScimUser): ScimUserView {
	return viewOf(user, mainEntry);
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
	if (view.email !== undefined) user.emails = [{ value: view.email, type: OWNED_TYPES.emails, primary: true }];
	if (view.phone !== undefined) user.phoneNumbers = [{ value: view.phone, type: OWNED_TYPES.phoneNumbers, primary: true }];
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
 * The stored list with only the owned entry (the first of `type`) set to `value`; every
 * other entry is the stored object itself, in its place, so it is sent back byte for byte.
 * A missing owned entry is appended, typed `type`. Primary: the owned entry is made
 * primary only when no other entry is; it never takes primary from an entry the IdP set
 * (and drops its own when another entry has it, as RFC 7643 §2.4 allows one primary).
 */
export function withOwnedValue(values: unknown, type: string, value: string): ScimMultiValue[] {
	const list: ScimMultiValue[] = Array.isArray(values) ? [...(values as ScimMultiValue[])] : [];
	const at = list.findIndex((v) => hasType(v, type));
	const otherPrimary = list.some((v, k) => k !== at && isEntry(v) && v.primary === true);
	if (at < 0) {
		list.push(otherPrimary ? { value, type } : { value, type, primary: true });
		return list;
	}
	// The owned entry keeps its own sub-attributes (display, the type as spelled), only value and primary follow the rule.
	const entry: ScimMultiValue = { ...list[at], value };
	if (!otherPrimary) entry.primary = true;
	else if (entry.primary === true) delete entry.primary;
	list[at] = entry;
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
 * PATCH operations (RFC 7644 §3.5.2) that write the changed view fields onto `current`,
 * touching only what this package owns:
 * - simple attributes and sub-attributes by their own path (`title`, `name.givenName`,
 *   `<enterprise>:department`), so `name.middleName`, `costCenter` and the like stay;
 * - emails / phoneNumbers by replacing the whole list as stored with only the owned entry
 *   changed (`withOwnedValue`). Not a value filter such as `emails[type eq "work"].value`:
 *   filters in PATCH paths are optional and often refused, a filter matching no entry is
 *   an error (`noTarget`) where the entry must be added, and a filter changes every
 *   matching entry rather than the first. The whole-list replace is RFC 7644 §3.5.2.3's
 *   baseline and carries the other entries as read;
 * - manager whole: its `$ref` and `displayName` describe the user `value` points at, so
 *   kept next to a new value they would name the previous manager.
 * `groups` is never written: it is read-only on users (RFC 7643 §4.1.2).
 */
export function patchOperations(changes: Partial<ScimUserView>, current: ScimUser): ScimPatchOperation[] {
	const ops: ScimPatchOperation[] = [];
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined || key === 'id') continue;
		if (key === 'email') ops.push({ op: 'replace', path: 'emails', value: withOwnedValue(current.emails, OWNED_TYPES.emails, String(value)) });
		else if (key === 'phone') {
			ops.push({ op: 'replace', path: 'phoneNumbers', value: withOwnedValue(current.phoneNumbers, OWNED_TYPES.phoneNumbers, String(value)) });
		} else if (key === 'manager') ops.push({ op: 'replace', path: `${ENTERPRISE_SCHEMA}:manager`, value: { value } });
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
