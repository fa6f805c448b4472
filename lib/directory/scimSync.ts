import type { ScimClient } from '../scim/client';
import { isConflict, isNotFound } from '../scim/profile';
import type { ScimUser } from '../scim/types';
import type { ScimUserView } from '../scim/userView';
import { fromScimUser, toScimUser } from '../scim/userView';
import { DirectoryApiError } from '../transport/errors';
import { settle } from '../transport/settle';
import type { SyncWriter } from './applySync';
import type { WriteAnswer } from './runPlan';
import { BY_ANOTHER_RUN } from './runPlan';
import type { IamUser } from './iamUser';
import type { UserNameFrom } from './scimUser';
import { diffScimUser, OWNER_SEPARATOR, sourceOfExternalId, toScimUserView } from './scimUser';
import { nationalDigits } from './userDiff';
import { updateScimUser, writeScimChanges } from './scimWrites';
import type { SyncAction, SyncRules } from './syncPlan';

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

/**
 * One SCIM call per action: POST, PATCH (PUT where the server lacks PATCH) or DELETE.
 * `stored` are the users read for the plan, by id: a PUT needs the whole user.
 */
export function scimSyncWriter(client: ScimClient, stored: ReadonlyMap<string, ScimUser>): SyncWriter {
	return {
		async write(action: SyncAction): Promise<WriteAnswer> {
			const id = String(action.ref.id ?? '');
			switch (action.action) {
				case 'create': {
					const user = action.user as ScimUser;
					const created = await settle(async () => await client.createUser(user));
					if (created.ok) return true;
					if (!isConflict(created.error)) throw created.error;
					// 409 means "exists" (RFC 7644 §3.3): a retried create that landed, or a user created
					// since the read. Ours (same externalId): bring it up to date. Anyone else's: refuse.
					// Ours without an attempt that may have landed: another run of this sync created it
					// meanwhile, and this run reports it so rather than as its own creation.
					const holder = await client.findUserByUserName(user.userName);
					if (holder && holder.externalId === user.externalId) {
						await updateScimUser(client, holder, fromScimUser(user));
						const ambiguous = created.error instanceof DirectoryApiError && created.error.ambiguousAttempts > 0;
						return ambiguous ? true : BY_ANOTHER_RUN;
					}
					throw (created.error as DirectoryApiError).withDetails({
						hint: `A SCIM user named "${user.userName}" already exists${holder?.externalId ? ` with external ID "${holder.externalId}"` : ''} and was not created by this source, so it is left untouched. Rename one of them, or remove the other user.`,
					});
				}
				case 'update':
				case 'link':
				case 'unforbid':
				case 'forbid': {
					const user = stored.get(id);
					if (!user) throw new Error(`user ${id} was not among the users read for the plan`);
					return await writeScimChanges(client, user, (action.changes ?? {}) as Partial<ScimUserView>);
				}
				case 'delete': {
					const deleted = await settle(async () => await client.deleteUser(id));
					if (deleted.ok) return true;
					// Gone since the read: the removal is done, nothing changed.
					if (isNotFound(deleted.error)) return false;
					throw deleted.error;
				}
				default:
					return false;
			}
		},
	};
}
