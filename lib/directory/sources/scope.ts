import { InputValidationError } from '../../transport/errors';
import type { TreeDepartment } from './model';

/**
 * Department scope of a directory read: subtrees to include (none: the whole directory) and
 * subtrees to exclude. A member is in scope when at least one of its departments is inside
 * an included subtree and not inside an excluded one; a member in an in-scope and an
 * out-of-scope department is kept whole (every department listed). The same scope rides on
 * the read's mark, so a sync removes only users whose last-known departments were all in it.
 */
export interface DepartmentScope {
	include: readonly DepartmentRef[];
	exclude: readonly DepartmentRef[];
}

/** A department as the user named it: an ID, or a path ("Acme / Sales", as the read writes paths). */
export type DepartmentRef = { id: number } | { path: string };

export interface ResolvedScope {
	include: number[];
	exclude: number[];
	/** Whether department `id` is in scope. */
	has(id: number): boolean;
}

function resolveRef(ref: DepartmentRef, tree: ReadonlyMap<number, TreeDepartment>, field: string): number {
	if ('id' in ref) {
		if (!tree.has(ref.id)) throw new InputValidationError(field, `names department ${ref.id}, which is not in the directory read (check the ID, or the app's visible scope)`);
		return ref.id;
	}
	const wanted = ref.path.split('/').map((s) => s.trim()).join(' / ');
	const found = [...tree.values()].filter((d) => d.path === wanted);
	if (found.length === 0) throw new InputValidationError(field, `names the path "${ref.path}", which no department has (paths are names from the top joined with " / ", e.g. "Acme / Sales")`);
	if (found.length > 1) throw new InputValidationError(field, `names the path "${ref.path}", which ${found.length} departments share (IDs ${found.map((d) => d.id).join(', ')}); use the ID`);
	return found[0].id;
}

/** Resolve the scope against the tree read; an unknown ID or path is an error naming the field. */
export function resolveScope(scope: DepartmentScope, tree: ReadonlyMap<number, TreeDepartment>, field: string): ResolvedScope {
	const include = scope.include.map((r) => resolveRef(r, tree, field));
	const exclude = scope.exclude.map((r) => resolveRef(r, tree, field));
	const inside = (id: number, roots: readonly number[]) => {
		const path = tree.get(id)?.pathIds ?? [id];
		return roots.some((r) => path.includes(r));
	};
	return {
		include,
		exclude,
		has: (id) => (include.length === 0 || inside(id, include)) && !inside(id, exclude),
	};
}

/** The members in scope (at least one department in scope). */
export function membersInScope<M>(members: readonly M[], departmentsOf: (member: M) => readonly number[], scope: ResolvedScope): M[] {
	return members.filter((m) => departmentsOf(m).some((d) => scope.has(d)));
}

/** A scope parameter's entries: digits are an ID, anything else a path. */
export function parseDepartmentRefs(values: readonly string[], field: string): DepartmentRef[] {
	return values.map((raw) => {
		const text = raw.trim();
		if (text === '') throw new InputValidationError(field, 'has an empty entry: pick a department or give its ID or path');
		if (/^[0-9]+$/.test(text)) {
			const id = Number(text);
			if (!Number.isSafeInteger(id) || id < 1) throw new InputValidationError(field, `"${text}" is not a department ID`);
			return { id };
		}
		return { path: text };
	});
}
