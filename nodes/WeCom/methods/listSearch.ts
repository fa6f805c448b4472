import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { buildTree, sortTree } from '../../../lib/directory/sources/tree';
import { DirectoryApiError } from '../../../lib/transport/errors';
import { listTags } from '../../../lib/wecom/tags';
import { toNodeError } from '../../shared/errors';
import { getWeComClient } from '../transport';

/**
 * Departments for the picker, labelled with their full path so same-named teams in
 * different branches can be told apart. A contacts-sync secret cannot read names from a
 * new IP (48009); the picker then falls back to IDs rather than showing nothing.
 */
export async function searchDepartments(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await getWeComClient(this);
	let departments: Awaited<ReturnType<typeof client.listDepartments>>;
	try {
		departments = await client.listDepartments();
	} catch (error) {
		if (!(error instanceof DirectoryApiError) || error.errcode !== 48009) throw toNodeError(this.getNode(), error);
		departments = await client.listDepartmentIds().catch((fallbackError: unknown) => {
			throw toNodeError(this.getNode(), fallbackError);
		});
	}
	const tree = buildTree(departments.map((d) => ({ id: d.id, name: d.name, parentId: d.parentid, order: d.order })));
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = sortTree(tree)
		.filter((d) => !needle || d.path.toLowerCase().includes(needle) || String(d.id) === needle)
		.map((d) => ({ name: `${d.path} (${d.id})`, value: String(d.id) }));
	return { results };
}

/** Tags for the picker, with their IDs; filtered by name or ID. */
export async function searchTags(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await getWeComClient(this);
	const tags = await listTags(client).catch((error: unknown) => {
		throw toNodeError(this.getNode(), error);
	});
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = tags
		.filter((t) => !needle || t.tagname.toLowerCase().includes(needle) || String(t.tagid) === needle)
		.map((t) => ({ name: `${t.tagname} (${t.tagid})`, value: String(t.tagid) }));
	return { results };
}
