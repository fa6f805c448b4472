import { ConfigurationError } from '../../transport/errors';
import { redact } from '../../transport/redact';
import { Semaphore } from '../../transport/pool';
import { MemberCollector } from './memberCollector';
import type { MemberShaper } from './memberCollector';
import type { DirectorySource, ScopeRoot, SourceDepartment, TreeDepartment, UnreadableDepartment, VisibleScope } from './model';
import { buildTree, sortTree } from './tree';

export interface WalkResult<M> {
	departments: TreeDepartment[];
	tree: Map<number, TreeDepartment>;
	/** Deduplicated by member id, each with every department it was found in, in department order (shaped, when the walk was given a shape). */
	members: M[];
	/** Each member's department IDs, index-aligned with `members`, whatever shape the members have. */
	departmentIds: Array<readonly number[]>;
	/** Departments skipped because they could not be read (only with onDepartmentError 'skip'); empty when the read is complete. */
	unreadable: UnreadableDepartment[];
	/**
	 * Set when a whole-directory read was narrowed by the credential's scope (see
	 * DirectorySource.visibleScope) and onDepartmentError is 'skip': the tops of what was
	 * read. `unreadable` then names the root department as an unreadable subtree.
	 */
	narrowedScope?: { rootId: number; roots: ScopeRoot[] };
}

function describeRoots(roots: readonly ScopeRoot[]): string {
	if (roots.length === 0) return 'no department';
	const shown = roots.slice(0, 10).map((r) => `${r.id} (${r.path})`);
	return `only department${roots.length > 1 ? 's' : ''} ${shown.join(', ')}${roots.length > 10 ? `, and ${roots.length - 10} more` : ''}`;
}

/**
 * A whole-directory read whose department list lacks the root: the credential sees only part
 * of the directory (WeCom's app visible scope), so every member outside it would be missing
 * without any error. With onDepartmentError 'fail' the walk stops here, once, before reading
 * members.
 */
export class NarrowedScopeError extends ConfigurationError {
	readonly roots: ScopeRoot[];
	constructor(scope: VisibleScope, roots: ScopeRoot[]) {
		super(scope.name, `covers ${describeRoots(roots)}`, scope.fix);
		this.name = 'NarrowedScopeError';
		this.roots = roots;
		this.message =
			`The directory read is narrower than the whole directory: ${scope.name} covers ${describeRoots(roots)}. ` +
			`Department ${scope.rootId}, the root, is not in the department list, so every member outside ${roots.length > 1 ? 'them' : 'it'} would be missing from the result.`;
	}
}

export type OnDepartmentError = 'fail' | 'skip';

export interface WalkOptions<M = unknown, S = M> {
	rootId?: number;
	/** Stop fetching once this many unique members are known (Return All off). */
	limit?: number;
	/**
	 * 'fail' (default): the first department that cannot be read fails the walk. 'skip': a
	 * department whose listing fails with an error about that department only is left out and
	 * reported in `unreadable`; the walk still fails on credential, permission or ban errors,
	 * on the top of the tree, and when too many departments fail (the service itself is failing).
	 */
	onDepartmentError?: OnDepartmentError;
	/**
	 * What each member becomes in the result, applied once the member is complete (see
	 * MemberCollector): during the walk for most members, so the source's record is never
	 * held beside its shaped copy. Identity when left out.
	 */
	shape?: MemberShaper<M, S>;
}

/** More unreadable departments than this share of those found (and at least MIN) means the service, not a department, is failing. */
const MAX_UNREADABLE_SHARE = 0.25;
const MIN_UNREADABLE = 5;

function describe(error: unknown): string {
	return redact(error instanceof Error ? error.message : String(error));
}

/** The walk's failure policy: decides per error whether to skip the department or fail, and aborts the source's calls on failure. */
class Failures<M> {
	readonly unreadable: UnreadableDepartment[] = [];
	private failure: { error: unknown } | undefined;
	found = 0;

	constructor(
		private readonly source: DirectorySource<M>,
		readonly mode: OnDepartmentError,
	) {}

	get failed(): boolean {
		return this.failure !== undefined;
	}

	/** True when the error is skipped (recorded as unreadable); false when it fails the walk. */
	skip(departmentId: number, scope: 'members' | 'subtree', error: unknown, isTop: boolean): boolean {
		if (this.failure) return false;
		const skippable =
			this.mode === 'skip' &&
			!(scope === 'subtree' && isTop) &&
			this.source.isDepartmentError?.(error) === true &&
			!(this.unreadable.length + 1 >= MIN_UNREADABLE && this.unreadable.length + 1 > this.found * MAX_UNREADABLE_SHARE);
		if (skippable) {
			this.unreadable.push({ id: departmentId, scope, error: describe(error) });
			return true;
		}
		this.fail(error);
		return false;
	}

	fail(error: unknown): void {
		if (this.failure) return;
		this.failure = { error };
		this.source.abort?.(error);
	}

	throwIfFailed(): void {
		if (this.failure) throw this.failure.error;
	}
}

/**
 * Read a whole directory (or a subtree): one department listing, then the members of
 * every department fetched concurrently within the source's budget, deduplicated by id
 * with their departments merged. No per-member calls. The output order is the tree order,
 * whatever order the pages arrived in. The first failure stops the calls still waiting or
 * retrying (source.abort), unless the walk skips unreadable departments.
 */
export async function walkDirectory<M, S = M>(source: DirectorySource<M>, options: WalkOptions<M, S> = {}): Promise<WalkResult<S>> {
	const failures = new Failures(source, options.onDepartmentError ?? 'fail');
	const shape = options.shape ?? ((member: M) => member as unknown as S);
	const { tree, members, departmentIds, departments, narrowed } =
		source.streamDepartments && options.limit === undefined && !source.visibleScope
			? await fetchPipelined(source, options.rootId, failures, shape)
			: await fetchInOrder(source, options, failures, shape);
	const unreadable = failures.unreadable.map((u) => ({ ...u, ...(tree.get(u.id)?.path ? { path: tree.get(u.id)!.path } : {}) }));
	// A narrowed read: the root's whole subtree is unreadable, except what was read. Named
	// first, so that a sync refuses to remove anyone last seen outside the departments read.
	const scope = source.visibleScope;
	if (narrowed && scope) {
		unreadable.unshift({ id: scope.rootId, scope: 'subtree', error: `outside ${scope.name}, which covers ${describeRoots(narrowed)}: the read is incomplete` });
	}
	// Below a subtree that could not be listed, departments are unknown; the members found
	// elsewhere still name them. They are unreadable too: nobody listed their members.
	if (unreadable.some((u) => u.scope === 'subtree')) {
		const listed = new Set(unreadable.map((u) => u.id));
		const why =
			narrowed && scope && failures.unreadable.every((u) => u.scope !== 'subtree')
				? `not reached: it is outside ${scope.name}`
				: 'not reached: it is below a department whose sub-departments could not be listed';
		for (const ids of departmentIds) {
			for (const id of ids) {
				if (tree.has(id) || listed.has(id)) continue;
				listed.add(id);
				unreadable.push({ id, scope: 'unknown', error: why });
			}
		}
	}
	return { departments, tree, members, departmentIds, unreadable, ...(narrowed && scope ? { narrowedScope: { rootId: scope.rootId, roots: narrowed } } : {}) };
}

interface Fetched<S> {
	tree: Map<number, TreeDepartment>;
	departments: TreeDepartment[];
	/** Deduplicated and shaped, in tree order (MemberCollector). */
	members: S[];
	departmentIds: Array<readonly number[]>;
	/** The tops of a read narrowed by the source's visible scope (skip mode only; fail mode throws). */
	narrowed?: ScopeRoot[];
}

/** The whole tree first, then members department by department in tree order (supports a limit). */
async function fetchInOrder<M, S>(source: DirectorySource<M>, options: WalkOptions<M, S>, failures: Failures<M>, shape: MemberShaper<M, S>): Promise<Fetched<S>> {
	let listed: SourceDepartment[] = [];
	try {
		listed = await source.listDepartments(options.rootId);
	} catch (error) {
		failures.fail(error);
	}
	failures.throwIfFailed();
	const tree = buildTree(listed);
	const departments = sortTree(tree);
	failures.found = departments.length;
	// Checked before any member is read: a narrowed scope fails the read once, or marks it.
	const scope = source.visibleScope;
	let narrowed: ScopeRoot[] | undefined;
	if (scope && options.rootId === undefined && !tree.has(scope.rootId)) {
		narrowed = departments.filter((d) => d.depth === 0).map((d) => ({ id: d.id, path: d.path }));
		if (failures.mode === 'fail') throw new NarrowedScopeError(scope, narrowed);
	}
	const seen = options.limit !== undefined ? new Set<string>() : undefined;
	const collector = new MemberCollector(source, departments, tree, shape, options.limit);
	// Departments start in index order, so the fetched ones always form a prefix of the tree.
	let next = 0;
	const worker = async () => {
		while (!failures.failed && next < departments.length) {
			const index = next++;
			if (seen && seen.size >= options.limit!) return;
			const department = departments[index];
			try {
				const members = await source.listMembers(department.id);
				if (seen) for (const m of members) seen.add(source.memberId(m));
				if (!failures.failed) collector.settle(index, members);
			} catch (error) {
				failures.skip(department.id, 'members', error, false);
				collector.settle(index, undefined);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(source.concurrency, departments.length)) }, worker));
	failures.throwIfFailed();
	return { tree, departments, ...collector.finish(), narrowed };
}

/** Members of each department are fetched the moment the department is discovered. */
async function fetchPipelined<M, S>(source: DirectorySource<M>, rootId: number | undefined, failures: Failures<M>, shape: MemberShaper<M, S>): Promise<Fetched<S>> {
	const found: SourceDepartment[] = [];
	const pending = new Map<number, Promise<M[] | undefined>>();
	const pool = new Semaphore(source.concurrency);
	const top = rootId ?? 1;
	try {
		await source.streamDepartments!(
			rootId,
			(department) => {
				if (pending.has(department.id)) return;
				found.push(department);
				failures.found = found.length;
				// Never rejects: a failure is skipped or recorded (and stops the other calls) at once.
				const task = pool.run(async () => {
					if (failures.failed) return undefined;
					try {
						return await source.listMembers(department.id);
					} catch (error) {
						failures.skip(department.id, 'members', error, false);
						return undefined;
					}
				});
				pending.set(department.id, task);
			},
			(departmentId, error) => failures.skip(departmentId, 'subtree', error, departmentId === top),
		);
	} catch (error) {
		failures.fail(error);
	}
	const tree = buildTree(found);
	const departments = sortTree(tree);
	// The tree order is known only now: the lists are deduplicated and shaped here, each
	// dropped once taken, so the source's records and their shaped copies are not all held at once.
	const lists = await Promise.all(departments.map(async (d) => await pending.get(d.id)!));
	pending.clear();
	failures.throwIfFailed();
	const collector = new MemberCollector(source, departments, tree, shape);
	lists.forEach((members, index) => {
		collector.settle(index, members);
		lists[index] = undefined;
	});
	return { tree, departments, ...collector.finish() };
}
