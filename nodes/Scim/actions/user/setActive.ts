import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { writeScimChanges } from '../../../../lib/directory/targets/scim/scimWrites';
import type { ScimClient } from '../../../../lib/scim/client';
import { findUser, userRef } from '../common';

/** Deactivate / Reactivate: write only `active` (PATCH, or PUT without PATCH); nothing when it already has that value. */
export async function setActive(ctx: IExecuteFunctions, i: number, client: ScimClient, active: boolean): Promise<IDataObject> {
	const user = await findUser(ctx, i, client);
	if (user.active === active) return { action: 'unchanged', ...userRef(user), active };
	await writeScimChanges(client, user, { active });
	return { action: active ? 'reactivated' : 'deactivated', ...userRef(user), active };
}
