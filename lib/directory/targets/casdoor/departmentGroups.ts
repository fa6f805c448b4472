import type { CasdoorGroup } from '../../../casdoor/types';
import { InputValidationError } from '../../../transport/errors';
import { scalarText } from '../../../transport/inputText';
import { groupNameForId, groupNameForPath, parentPath } from '../../mapping/iamNames';

/** How departments are named as groups; must match the mapping's groups option. */
export type GroupNaming = 'departmentId' | 'departmentPath';

export interface DepartmentInput {
	id: string;
	name?: string;
	parentId?: string;
	/** "Acme / R&D / Web", as the directory walk writes it. */
	path?: string;
}

/** A department from an item: WeCom (id, parentid) or DingTalk (dept_id, parent_id) fields. Lists, objects and control characters are refused. */
export function readDepartment(json: Record<string, unknown>): DepartmentInput {
	const id = scalarText(json.id ?? json.dept_id, 'id');
	if (!id) throw new InputValidationError('id', 'is missing: the input item is not a department (no id or dept_id)');
	const name = scalarText(json.name, 'name');
	if (name !== undefined && [...name].length > 100) throw new InputValidationError('name', `must be at most 100 characters (it has ${[...name].length})`);
	return {
		id,
		name,
		parentId: scalarText(json.parentid ?? json.parent_id ?? json.parentId, 'parentid'),
		path: scalarText(json.path, 'path'),
	};
}

/**
 * The Casdoor group for a department, linked to its parent group. By id: the parent link
 * is kept when the parent is among the departments or already a group, else the group is a
 * top group (Casdoor's own syncers flatten the tree; this keeps it). By path: the parent
 * is the path one level up.
 */
export function departmentGroup(
	department: DepartmentInput,
	naming: GroupNaming,
	organization: string,
	knownParent: (groupName: string) => boolean,
): CasdoorGroup {
	let name: string;
	let parent: string | undefined;
	if (naming === 'departmentId') {
		name = groupNameForId(department.id);
		const parentName = department.parentId && department.parentId !== '0' ? groupNameForId(department.parentId) : undefined;
		parent = parentName && parentName !== name && knownParent(parentName) ? parentName : undefined;
	} else {
		if (!department.path) {
			throw new InputValidationError(
				'path',
				'is missing: path-based groups need departments with their paths (WeCom: Department → Get Many)',
			);
		}
		name = groupNameForPath(department.path, organization);
		const up = parentPath(department.path);
		parent = up ? groupNameForPath(up, organization) : undefined;
	}
	return {
		owner: organization,
		name,
		displayName: department.name ?? department.id,
		type: 'department',
		parentId: parent ?? '',
		isTopGroup: parent === undefined,
	};
}

const COMPARED = ['displayName', 'type', 'parentId', 'isTopGroup'];

/** The fields of `desired` that differ from the stored group. */
export function groupChanges(desired: CasdoorGroup, existing: CasdoorGroup): string[] {
	return COMPARED.filter((key) => (desired[key] ?? '') !== (existing[key] ?? (typeof desired[key] === 'boolean' ? false : '')));
}

/** Read-only fields get-groups adds that update-group must not send back. */
const DERIVED = ['users', 'children', 'title', 'key', 'haveChildren', 'parentName'];

/** The whole group to send to update-group, which writes every column: stored values with the changes on top. */
export function mergedGroup(desired: CasdoorGroup, existing: CasdoorGroup): CasdoorGroup {
	const merged: CasdoorGroup = { ...existing, ...desired };
	for (const key of DERIVED) delete merged[key];
	return merged;
}
