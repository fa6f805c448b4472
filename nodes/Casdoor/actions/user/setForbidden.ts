import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import { organizationFor, requireName } from '../common';

/** Forbid / Unforbid: one update-user writing only isForbidden. */
export async function setForbidden(ctx: IExecuteFunctions, i: number, client: CasdoorClient, forbidden: boolean): Promise<IDataObject> {
	const owner = organizationFor(ctx, i, client);
	const name = requireName(ctx.getNodeParameter('userName', i));
	const affected = await client.updateUser(owner, name, { isForbidden: forbidden }, ['isForbidden']);
	return { action: affected ? (forbidden ? 'forbidden' : 'unforbidden') : 'unchanged', owner, name };
}
