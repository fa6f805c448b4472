import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { toNodeError } from '../../shared/errors';
import { getDingTalkClient } from '../transport';
import { departmentTree } from './departmentTree';

/** Departments for the picker, labelled with their full path so same-named teams in different branches can be told apart. */
export async function searchDepartments(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await getDingTalkClient(this);
	const departments = await departmentTree(client).catch((error: unknown) => {
		throw toNodeError(this.getNode(), error);
	});
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = departments
		.filter((d) => !needle || d.path.toLowerCase().includes(needle) || String(d.id) === needle)
		.map((d) => ({ name: `${d.path} (${d.id})`, value: String(d.id) }));
	return { results };
}
