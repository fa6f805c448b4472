import type { SourceDepartment, TreeDepartment } from './model';

/**
 * Link departments into a tree and give each its full path. A department whose parent is
 * not in the set (a scoped app, a subtree query) is treated as a top of the tree.
 */
export function buildTree(departments: readonly SourceDepartment[]): Map<number, TreeDepartment> {
	const byId = new Map<number, SourceDepartment>();
	for (const d of departments) byId.set(d.id, d);
	const out = new Map<number, TreeDepartment>();
	const resolve = (d: SourceDepartment, seen: Set<number>): TreeDepartment => {
		const done = out.get(d.id);
		if (done) return done;
		const parent = byId.get(d.parentId);
		const label = d.name || String(d.id);
		let node: TreeDepartment;
		if (!parent || parent.id === d.id || seen.has(parent.id)) {
			node = { ...d, path: label, pathIds: [d.id], depth: 0 };
		} else {
			seen.add(d.id);
			const up = resolve(parent, seen);
			node = { ...d, path: `${up.path} / ${label}`, pathIds: [...up.pathIds, d.id], depth: up.depth + 1 };
		}
		out.set(d.id, node);
		return node;
	};
	for (const d of departments) resolve(d, new Set([d.id]));
	return out;
}

/** Departments in tree order (parents before children, siblings by WeCom order: larger first). */
export function sortTree(tree: Map<number, TreeDepartment>): TreeDepartment[] {
	return [...tree.values()].sort((a, b) => {
		const n = Math.min(a.pathIds.length, b.pathIds.length);
		for (let i = 0; i < n; i++) {
			if (a.pathIds[i] !== b.pathIds[i]) {
				const da = tree.get(a.pathIds[i]);
				const db = tree.get(b.pathIds[i]);
				const byOrder = (db?.order ?? 0) - (da?.order ?? 0);
				return byOrder !== 0 ? byOrder : a.pathIds[i] - b.pathIds[i];
			}
		}
		return a.pathIds.length - b.pathIds.length;
	});
}

/** The IDs of a department and everything below it. */
export function subtreeIds(tree: Map<number, TreeDepartment>, rootId: number): Set<number> {
	const ids = new Set<number>();
	for (const d of tree.values()) if (d.pathIds.includes(rootId)) ids.add(d.id);
	return ids;
}
