import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { toNodeError } from '../../shared/errors';
import { getDingTalkClient } from '../transport';
import { departmentTree } from './departmentTree';

/** Departments for multi-select fields (a user's departments), with their paths. */
export async function getDepartments(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await getDingTalkClient(this);
	const departments = await departmentTree(client).catch((error: unknown) => {
		throw toNodeError(this.getNode(), error);
	});
	return departments.map((d) => ({ name: `${d.path} (${d.id})`, value: d.id }));
}
