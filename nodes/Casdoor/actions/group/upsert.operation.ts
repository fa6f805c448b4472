import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import type { CasdoorGroup } from '../../../../lib/casdoor/types';
import type { GroupNaming } from '../../../../lib/directory/targets/casdoor/departmentGroups';
import { departmentGroup, groupChanges, mergedGroup, readDepartment } from '../../../../lib/directory/targets/casdoor/departmentGroups';
import { toNodeError } from '../../../shared/errors';
import { runPerItem } from '../../../shared/perItem';

const properties: INodeProperties[] = [
	{
		displayName:
			'Each input item is a department (e.g. from WeCom → Department → Get Many). Groups are created or updated with their parent links; unchanged ones are not written.',
		name: 'groupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Group Names',
		name: 'groupNaming',
		type: 'options',
		default: 'departmentId',
		options: [
			{ name: 'By Department ID', value: 'departmentId', description: 'Group "12" for department 12, as Casdoor\'s own syncers do' },
			{
				name: 'By Department Path',
				value: 'departmentPath',
				description: 'Group "Head Office > R&D > Web" for the department path Head Office / R&D / Web',
			},
		],
		description: 'Use the same choice as the Groups option of "Map to IAM User", so users point at these groups',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['upsert'] } }, properties);

/** Reads the organization's groups once, then adds or updates one group per department item. */
export async function executeOnce(this: IExecuteFunctions, client: CasdoorClient): Promise<INodeExecutionData[][]> {
	const organization = String(this.getNodeParameter('organization', 0, '') ?? '').trim() || client.organization;
	const naming = this.getNodeParameter('groupNaming', 0) as GroupNaming;
	let stored: CasdoorGroup[];
	try {
		stored = await client.listAllGroups(organization);
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
	const existing = new Map(stored.map((g) => [g.name, g]));
	// Parents among the input count as known even before they are written.
	const inputIds = new Set<string>();
	for (const item of this.getInputData()) {
		const id = item.json.id ?? item.json.dept_id;
		if (id !== undefined && id !== null) inputIds.add(String(id));
	}
	const known = (name: string) => existing.has(name) || inputIds.has(name);
	return [
		await runPerItem(this, async (i): Promise<IDataObject> => {
			const department = readDepartment(this.getInputData()[i].json);
			const desired = departmentGroup(department, naming, organization, known);
			const current = existing.get(desired.name);
			if (!current) {
				await client.addGroup({ ...desired, isEnabled: true });
				existing.set(desired.name, { ...desired, isEnabled: true });
				return { action: 'created', ...(desired as IDataObject) };
			}
			const changed = groupChanges(desired, current);
			if (changed.length === 0) return { action: 'unchanged', ...(desired as IDataObject) };
			const merged = mergedGroup(desired, current);
			const affected = await client.updateGroup(organization, desired.name, merged);
			existing.set(desired.name, merged);
			return { action: affected ? 'updated' : 'unchanged', ...(desired as IDataObject), changed };
		}),
	];
}
