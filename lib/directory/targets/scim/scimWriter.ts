import type { ScimClient } from '../../../scim/client';
import { isConflict, isNotFound } from '../../../scim/profile';
import type { ScimUser } from '../../../scim/types';
import type { ScimUserView } from '../../../scim/userView';
import { fromScimUser } from '../../../scim/userView';
import { DirectoryApiError } from '../../../transport/errors';
import { settle } from '../../../transport/settle';
import type { WriteAnswer } from '../../engine/runPlan';
import { BY_ANOTHER_RUN } from '../../engine/runPlan';
import type { SyncAction, SyncWriter } from '../../engine/syncTypes';
import { updateScimUser, writeScimChanges } from './scimWrites';

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
