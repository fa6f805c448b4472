import type { ScimUserView } from '../../../scim/userView';
import { InputValidationError } from '../../../transport/errors';
import { SOURCE_PROPERTY } from '../../mapping/iamUser';
import type { UserDiff } from '../../engine/userDiff';
import { diffUser } from '../../engine/userDiff';

/**
 * An IAM user (the output of "Map to IAM User") as a SCIM user. Pure, no call.
 *
 * | IAM user                       | SCIM                                             |
 * |--------------------------------|--------------------------------------------------|
 * | name (or email, by option)     | userName                                         |
 * | properties.source + externalId | externalId "<source>/<externalId>" (ownership)   |
 * | displayName                    | displayName, name.formatted                      |
 * | givenName, familyName *        | name.givenName, name.familyName                  |
 * | email                          | the emails entry of type work **                 |
 * | phone                          | the phoneNumbers entry of type mobile **         |
 * | title                          | title                                            |
 * | isForbidden                    | active = !isForbidden                            |
 * | employeeNumber, department *   | enterprise employeeNumber, department            |
 * | managerId *                    | enterprise manager.value (the manager's SCIM id) |
 *
 * (*) not produced by Map to IAM User; read from the item when present (add them with an
 * Edit Fields node). (**) the one entry the sync owns, found by type: added when missing,
 * else only its value written; other entries (home e-mail, work landline) are the IdP's
 * and are kept as they are. Primary only when no other entry is (lib/scim/userView.ts
 * withOwnedValue). As in the IAM mapping, an empty field is omitted, never "", so a sync
 * never blanks a value on the server.
 */

export type UserNameFrom = 'name' | 'email';

export interface ScimMappingOptions {
	/** The source tag marking the users one sync owns; default: the item's properties.source. */
	source?: string;
	/** What becomes userName; "email" falls back to the name when the user has no email. */
	userNameFrom?: UserNameFrom;
}

/** The separator between the source tag and the source's user id in an owned user's externalId. */
export const OWNER_SEPARATOR = '/';

/** "wecom:acme/zhangsan": the externalId marking a user as created by one source. */
export function ownedExternalId(source: string, id: string): string {
	return `${source}${OWNER_SEPARATOR}${id}`;
}

/** The source tag an externalId carries ("wecom:acme" of "wecom:acme/zhangsan"); undefined for users no sync created. */
export function sourceOfExternalId(externalId: unknown): string | undefined {
	if (typeof externalId !== 'string') return undefined;
	const at = externalId.indexOf(OWNER_SEPARATOR);
	return at > 0 ? externalId.slice(0, at) : undefined;
}

function text(value: unknown): string | undefined {
	if (value === undefined || value === null || typeof value === 'object') return undefined;
	const s = String(value).trim();
	return s === '' ? undefined : s;
}

export function toScimUserView(iam: Record<string, unknown>, options: ScimMappingOptions = {}): ScimUserView {
	const name = text(iam.name);
	if (!name) throw new InputValidationError('name', 'is missing: the input item is not an IAM user (use "Map to IAM User" first)');
	const properties = (iam.properties && typeof iam.properties === 'object' ? iam.properties : {}) as Record<string, unknown>;
	const source = text(options.source) ?? text(properties[SOURCE_PROPERTY]);
	if (source?.includes(OWNER_SEPARATOR)) {
		throw new InputValidationError('source', `"${source}" contains "${OWNER_SEPARATOR}", which separates the source from the user id in externalId`);
	}
	const email = text(iam.email);
	const view: ScimUserView = { userName: options.userNameFrom === 'email' && email ? email : name };
	const id = text(iam.externalId) ?? name;
	view.externalId = source ? ownedExternalId(source, id) : id;
	const optional: Array<[keyof ScimUserView, unknown]> = [
		['displayName', text(iam.displayName)],
		['givenName', text(iam.givenName)],
		['familyName', text(iam.familyName)],
		['email', email],
		['phone', text(iam.phone)],
		['title', text(iam.title)],
		['active', typeof iam.isForbidden === 'boolean' ? !iam.isForbidden : undefined],
		['employeeNumber', text(iam.employeeNumber)],
		['department', text(iam.department)],
		['manager', text(iam.managerId)],
	];
	for (const [key, value] of optional) if (value !== undefined) (view as unknown as Record<string, unknown>)[key] = value;
	return view;
}

/** Fields compared without case: SCIM userName is case-insensitive, and servers may canonicalize emails to lower case. */
const CASELESS = new Set(['userName', 'email']);

/**
 * What must be written to make a stored user carry the desired view: the IAM diff rules
 * (only the desired fields, empty ones never blank, phones compared by digits), with
 * userName and email compared without case so a server that lower-cases them does not
 * get rewritten on every sync.
 */
export function diffScimUser(desired: ScimUserView, stored: ScimUserView): UserDiff {
	const wanted: Record<string, unknown> = { ...desired };
	delete wanted.id;
	const diff = diffUser(wanted, stored as unknown as Record<string, unknown>);
	const out: UserDiff = { columns: [], changes: {}, before: {} };
	for (const column of diff.columns) {
		const now = (stored as unknown as Record<string, unknown>)[column];
		if (CASELESS.has(column) && typeof now === 'string' && String(diff.changes[column]).toLowerCase() === now.toLowerCase()) continue;
		out.columns.push(column);
		out.changes[column] = diff.changes[column];
		out.before[column] = diff.before[column];
	}
	return out;
}
