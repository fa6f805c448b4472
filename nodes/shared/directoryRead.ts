import type { IDataObject } from 'n8n-workflow';

import type { DirectorySource, TreeDepartment, UnreadableDepartment } from '../../lib/directory/sources/model';
import type { DepartmentScope } from '../../lib/directory/sources/scope';
import { membersInScope, resolveScope } from '../../lib/directory/sources/scope';
import { markRead, outsideDepartments, reachedLimit } from './descriptions';

export interface WalkedDirectory<M> {
	members: M[];
	tree: Map<number, TreeDepartment>;
	unreadable: UnreadableDepartment[];
	narrowedScope?: unknown;
}

/**
 * The output of Get All in Directory, WeCom or DingTalk alike: the members in the Department
 * Scope, shaped, each carrying the read's mark (what was read, whether it is complete), so a
 * sync downstream removes only what this read proves gone.
 */
export function directoryReadItems<M>(
	provider: string,
	source: Pick<DirectorySource<M>, 'memberDepartments'>,
	walked: WalkedDirectory<M>,
	options: { limit: number | undefined; scope: DepartmentScope | undefined },
	shape: (member: M) => IDataObject,
): IDataObject[] {
	const limited = reachedLimit(walked.members.length, options.limit);
	const narrowed = walked.narrowedScope !== undefined;
	if (!options.scope) return markRead(walked.members.map(shape), { provider, scope: 'directory', narrowed }, limited, walked.unreadable);
	const scope = resolveScope(options.scope, walked.tree, 'Department Scope');
	const members = membersInScope(walked.members, (m) => source.memberDepartments(m), scope);
	const outside = outsideDepartments(
		members.map((m) => source.memberDepartments(m)),
		(id) => scope.has(id),
		'outside the Department Scope of this read',
	);
	return markRead(
		members.map(shape),
		{ provider, scope: 'selection', include: scope.include, exclude: scope.exclude, narrowed },
		limited,
		walked.unreadable,
		outside,
	);
}
