import type { ScimUserView } from '../../../scim/userView';
import { toScimUser } from '../../../scim/userView';
import type { IamUser } from '../../mapping/iamUser';
import type { UserNameFrom } from './scimUser';
import { diffScimUser, OWNER_SEPARATOR, sourceOfExternalId, toScimUserView } from './scimUser';
import { nationalDigits } from '../../engine/userDiff';
import type { SyncRules } from '../../engine/syncTypes';

/**
 * A SCIM server as a sync target. SCIM has no free-form properties, so ownership is marked
 * in the one attribute the provisioning client owns by definition (RFC 7643 §3.1):
 * externalId = "<source tag>/<source user id>". Users are matched by that externalId, so
 * a changed userName is an update, not a new user; "forbidden" is active = false.
 */
export function scimSyncRules(stored: readonly ScimUserView[], userNameFrom: UserNameFrom = 'name'): SyncRules<ScimUserView> {
	const byUserName = new Map<string, ScimUserView>();
	for (const user of stored) byUserName.set(user.userName.toLowerCase(), user);
	return {
		target: 'SCIM',
		where: 'on the SCIM server',
		keyName: 'external ID',
		words: { forbid: 'deactivate', forbidden: 'deactivated' },
		keyOf: (record) => String(record.externalId ?? ''),
		nameOf: (record) => String(record.userName ?? ''),
		ownerOf: (user) => sourceOfExternalId(user.externalId),
		desired: (input: IamUser, source: string) =>
			toScimUserView(input as unknown as Record<string, unknown>, { source, userNameFrom }) as unknown as Record<string, unknown>,
		created: (desired) => toScimUser(desired as unknown as ScimUserView) as Record<string, unknown>,
		ref: (record) => ({
			userName: record.userName,
			externalId: record.externalId,
			...(record.id !== undefined ? { id: record.id } : {}),
		}),
		changes(desired, user) {
			const diff = diffScimUser(desired as unknown as ScimUserView, user);
			return { diff, reactivates: diff.changes.active === true && user.active === false };
		},
		state: (user) => (user.active === false ? 'forbidden' : 'active'),
		forbid: (user) => ({ columns: ['active'], changes: { active: false }, before: { active: user.active ?? true } }),
		linkValue(record, field, side) {
			if (field === 'externalId') {
				// The desired externalId carries the ownership mark ("<source>/<id>"); an unowned user's is the bare ID.
				const id = text(record.externalId);
				return side === 'desired' && id !== undefined ? id.slice(id.indexOf(OWNER_SEPARATOR) + 1) : id;
			}
			const value = text(record[field === 'jobNumber' ? 'employeeNumber' : field]);
			if (value === undefined) return undefined;
			return field === 'email' ? value.toLowerCase() : field === 'phone' ? nationalDigits(value) : value;
		},
		blocker(desired) {
			// userName is unique on the server: another user holding it makes the create fail with 409.
			const holder = byUserName.get(String(desired.userName).toLowerCase());
			return holder && holder.externalId !== desired.externalId ? holder : undefined;
		},
	};
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
