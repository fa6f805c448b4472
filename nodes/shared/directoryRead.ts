import type { IDataObject } from 'n8n-workflow';

import type { TreeDepartment, UnreadableDepartment } from '../../lib/directory/sources/model';
import type { DepartmentScope } from '../../lib/directory/sources/scope';
import { membersInScope, resolveScope } from '../../lib/directory/sources/scope';
import { markRead, outsideDepartments, reachedLimit } from './descriptions';

export interface WalkedDirectory {
	/** Already shaped by the walk (walkDirectory's `shape`). */
	members: IDataObject[];
	departmentIds: ReadonlyArray<readonly number[]>;
	tree: Map<number, TreeDepartment>;
	unreadable: UnreadableDepartment[];
	narrowedScope?: unknown;
}

/**
 * The output of Get All in Directory, WeCom or DingTalk alike: the members in the Department
 * Scope, each carrying the read's mark (what was read, whether it is complete), so a sync
 * downstream removes only what this read proves gone.
 */
export function directoryReadItems(
	provider: string,
	walked: WalkedDirectory,
	options: { limit: number | undefined; scope: DepartmentScope | undefined },
): IDataObject[] {
	const limited = reachedLimit(walked.members.length, options.limit);
	const narrowed = walked.narrowedScope !== undefined;
	if (!options.scope) return markRead(walked.members, { provider, scope: 'directory', narrowed }, limited, walked.unreadable);
	const scope = resolveScope(options.scope, walked.tree, 'Department Scope');
	const inScope = membersInScope(
		walked.members.map((_, index) => index),
		(index) => walked.departmentIds[index],
		scope,
	);
	const outside = outsideDepartments(
		inScope.map((index) => walked.departmentIds[index]),
		(id) => scope.has(id),
		'outside the Department Scope of this read',
	);
	return markRead(
		inScope.map((index) => walked.members[index]),
		{ provider, scope: 'selection', include: scope.include, exclude: scope.exclude, narrowed },
		limited,
		walked.unreadable,
		outside,
	);
}
