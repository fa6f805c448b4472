import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { listRoleGroups } from '../../../lib/dingtalk/roles';
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

/** Roles for the picker, labelled "group / role (id)"; filtered by either name or the ID. */
export async function searchRoles(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await getDingTalkClient(this);
	const groups = await listRoleGroups(client).catch((error: unknown) => {
		throw toNodeError(this.getNode(), error);
	});
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = groups
		.flatMap((g) => g.roles.map((r) => ({ label: `${g.name} / ${r.name}`, id: r.id })))
		.filter((r) => !needle || r.label.toLowerCase().includes(needle) || String(r.id) === needle)
		.map((r) => ({ name: `${r.label} (${r.id})`, value: String(r.id) }));
	return { results };
}
