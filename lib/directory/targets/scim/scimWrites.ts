import type { ScimClient } from '../../../scim/client';
import type { ScimUser } from '../../../scim/types';
import type { ScimUserView } from '../../../scim/userView';
import { applyOperations, fromScimUser, patchOperations } from '../../../scim/userView';
import { diffScimUser } from './scimUser';
import type { UserDiff } from '../../engine/userDiff';

/**
 * Write changed view fields onto a stored user: one PATCH (or PUT), nothing when there is
 * nothing to write, and no read after it (a 204 is taken as done). The PUT body is the
 * stored user with only the owned parts replaced.
 */
export async function writeScimChanges(client: ScimClient, stored: ScimUser, changes: Partial<ScimUserView>): Promise<boolean> {
	const operations = patchOperations(changes, stored);
	if (operations.length === 0) return false;
	await client.modifyUser(String(stored.id), operations, async () => applyOperations(stored, operations));
	return true;
}

/** Make a stored user carry the desired view; the diff says what was written (nothing when it is empty). */
export async function updateScimUser(client: ScimClient, stored: ScimUser, desired: ScimUserView): Promise<UserDiff> {
	const diff = diffScimUser(desired, fromScimUser(stored));
	if (diff.columns.length > 0) await writeScimChanges(client, stored, diff.changes as Partial<ScimUserView>);
	return diff;
}
