import type { CasdoorClient } from '../../../casdoor/client';
import type { CasdoorRole } from '../../../casdoor/types';
import type { RoleAction } from './rolePlan';
import { isOwnedRole } from '../../mapping/roleNames';
import { DirectoryApiError } from '../../../transport/errors';

/** A retried add-role whose first attempt landed answers "Duplicate entry": the role there, owned by us with our members, means it worked. */
export async function writeRole(client: CasdoorClient, action: RoleAction, source: string): Promise<boolean> {
	if (action.action === 'delete') return await client.deleteRole(action.owner, action.name);
	const role = action.role as CasdoorRole;
	if (action.action !== 'create') return await client.updateRole(action.owner, action.name, role);
	let failure: unknown;
	try {
		return await client.addRole(role);
	} catch (error) {
		failure = error ?? new Error('unknown failure');
	}
	if (failure instanceof DirectoryApiError && /duplicate|exist/i.test(failure.errmsg ?? '')) {
		const there = await client.getRole(action.owner, action.name).catch(() => null);
		if (there && isOwnedRole(there, source) && JSON.stringify([...(there.users ?? [])].sort()) === JSON.stringify(role.users)) return true;
	}
	throw failure;
}
