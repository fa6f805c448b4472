import { Semaphore, mapConcurrent } from '../transport/pool';
import type { DirectorySource, SourceDepartment, TreeDepartment } from './model';
import { buildTree, sortTree } from './tree';

export interface WalkResult<M> {
	departments: TreeDepartment[];
	tree: Map<number, TreeDepartment>;
	/** Deduplicated by member id, each with every department it was found in, in department order. */
	members: M[];
}

export interface WalkOptions {
	rootId?: number;
	/** Stop fetching once this many unique members are known (Return All off). */
	limit?: number;
}

function mergeIds(a: readonly number[], b: readonly number[]): readonly number[] {
	if (b.every((id) => a.includes(id))) return a;
	const out = [...a];
	for (const id of b) if (!out.includes(id)) out.push(id);
	return out;
}

/**
 * Read a whole directory (or a subtree): one department listing, then the members of
 * every department fetched concurrently within the source's budget, deduplicated by id
 * with their departments merged. No per-member calls. The output order is the tree order,
 * whatever order the pages arrived in.
 */
export async function walkDirectory<M>(source: DirectorySource<M>, options: WalkOptions = {}): Promise<WalkResult<M>> {
	const { tree, departments, lists } =
		source.streamDepartments && options.limit === undefined
			? await fetchPipelined(source, options.rootId)
			: await fetchInOrder(source, options);
	const byId = new Map<string, M>();
	lists.forEach((members, index) => {
		if (!members) return;
		const departmentId = departments[index].id;
		for (const member of members) {
			const id = source.memberId(member);
			const seenBefore = byId.get(id);
			const known = seenBefore === undefined ? member : source.mergeMember ? source.mergeMember(seenBefore, member) : seenBefore;
			const current = source.memberDepartments(known);
			const merged = mergeIds(mergeIds(current, source.memberDepartments(member)), [departmentId]);
			byId.set(id, merged === current ? known : source.withDepartments(known, [...merged]));
		}
	});
	let members = [...byId.values()];
	if (options.limit !== undefined) members = members.slice(0, options.limit);
	return { departments, tree, members };
}

interface Fetched<M> {
	tree: Map<number, TreeDepartment>;
	departments: TreeDepartment[];
	/** Members per department, index-aligned with `departments`; undefined = not fetched. */
	lists: Array<M[] | undefined>;
}

/** The whole tree first, then members department by department in tree order (supports a limit). */
async function fetchInOrder<M>(source: DirectorySource<M>, options: WalkOptions): Promise<Fetched<M>> {
	const tree = buildTree(await source.listDepartments(options.rootId));
	const departments = sortTree(tree);
	const seen = options.limit !== undefined ? new Set<string>() : undefined;
	const lists = await mapConcurrent(departments, source.concurrency, async (department) => {
		// Departments start in index order, so the fetched ones always form a prefix of the tree.
		if (seen && seen.size >= options.limit!) return undefined;
		const members = await source.listMembers(department.id);
		if (seen) for (const m of members) seen.add(source.memberId(m));
		return members;
	});
	return { tree, departments, lists };
}

/** Members of each department are fetched the moment the department is discovered. */
async function fetchPipelined<M>(source: DirectorySource<M>, rootId: number | undefined): Promise<Fetched<M>> {
	const found: SourceDepartment[] = [];
	const pending = new Map<number, Promise<M[]>>();
	const pool = new Semaphore(source.concurrency);
	let failure: { error: unknown } | undefined;
	await source.streamDepartments!(rootId, (department) => {
		if (pending.has(department.id)) return;
		found.push(department);
		const task = failure ? Promise.resolve([]) : pool.run(async () => await source.listMembers(department.id));
		// Remember the first failure now, so no rejection is left unhandled while the tree is still being read.
		task.catch((error: unknown) => {
			failure ??= { error };
		});
		pending.set(department.id, task);
	});
	const tree = buildTree(found);
	const departments = sortTree(tree);
	const lists = await Promise.all(departments.map(async (d) => await pending.get(d.id)!));
	return { tree, departments, lists };
}
