import { Semaphore } from './pool';

/**
 * Read a tree whose API lists one level at a time (DingTalk's department/listsub returns
 * direct children only and nothing returns the whole tree). Each node's children are
 * listed as soon as the node is known — not level by level — so a deep branch does not
 * wait for a wide level, and `onFound` lets the caller start work on a node at once. A node
 * seen twice (a cycle, or a listing that repeats) is kept once. The root itself is not in
 * the result, which is in breadth-first order (siblings in listing order) however the
 * answers arrived.
 *
 * A listing that fails fails the walk, and no further listing starts; unless `onError`
 * answers true for it: then that node counts as having no children and the walk goes on.
 */
export async function walkChildren<D>(
	rootId: number,
	listChildren: (id: number) => Promise<D[]>,
	idOf: (node: D) => number,
	concurrency: number,
	onFound?: (node: D) => void,
	onError?: (id: number, error: unknown) => boolean,
): Promise<D[]> {
	const found: Array<{ node: D; key: number[] }> = [];
	const seen = new Set<number>([rootId]);
	const pool = new Semaphore(Math.max(1, concurrency));
	let failure: { error: unknown } | undefined;
	const expand = async (id: number, key: number[]): Promise<void> => {
		let children: D[];
		try {
			children = await pool.run(async () => (failure ? [] : await listChildren(id)));
		} catch (error) {
			if (onError?.(id, error) === true) return;
			failure ??= { error };
			return;
		}
		const next: Array<Promise<void>> = [];
		children.forEach((node, index) => {
			const childId = idOf(node);
			if (seen.has(childId)) return;
			seen.add(childId);
			const childKey = [...key, index];
			found.push({ node, key: childKey });
			onFound?.(node);
			next.push(expand(childId, childKey));
		});
		await Promise.all(next);
	};
	await expand(rootId, []);
	if (failure) throw failure.error;
	found.sort((a, b) => a.key.length - b.key.length || compareKeys(a.key, b.key));
	return found.map((f) => f.node);
}

function compareKeys(a: number[], b: number[]): number {
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
	return 0;
}
