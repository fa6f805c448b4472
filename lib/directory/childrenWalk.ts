import { mapConcurrent } from '../transport/pool';

/**
 * Read a tree whose API lists one level at a time (DingTalk's department/listsub returns
 * direct children only and nothing returns the whole tree): breadth-first from `rootId`,
 * the listings of one level running concurrently. A node seen twice (a cycle, or a listing
 * that repeats) is kept once. The root itself is not in the result.
 */
export async function walkChildren<D>(
	rootId: number,
	listChildren: (id: number) => Promise<D[]>,
	idOf: (node: D) => number,
	concurrency: number,
): Promise<D[]> {
	const out: D[] = [];
	const seen = new Set<number>([rootId]);
	let level = [rootId];
	while (level.length > 0) {
		const lists = await mapConcurrent(level, concurrency, async (id) => await listChildren(id));
		const next: number[] = [];
		for (const list of lists) {
			for (const node of list) {
				const id = idOf(node);
				if (seen.has(id)) continue;
				seen.add(id);
				out.push(node);
				next.push(id);
			}
		}
		level = next;
	}
	return out;
}
