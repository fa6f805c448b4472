import { randomBytes } from 'node:crypto';

/**
 * The completeness contract: a sync may remove only what a provably complete source no
 * longer has. A directory read states on each of its output items what it read (the
 * `directoryRead` mark); a sync counts the marks that reach it. Whatever a node in between
 * does — a Filter dropping items, a Set rebuilding them without the mark, a Code node, a
 * Merge of two reads — either leaves the marks and counts intact, or the sync cannot prove
 * its input complete and holds every removal back.
 */

/** The item field that carries the mark. */
export const READ_MARK_FIELD = 'directoryRead';

/** What a directory read covered. */
export type ReadScope = 'directory' | 'subtree' | 'department' | 'selection';

/** What one directory read says about itself; one shared object on every item it output. */
export interface DirectoryReadMark {
	/** Tells this read apart from any other read whose items reach the same sync. */
	id: string;
	provider: string;
	/** The whole directory, a department and everything below it, or one department. */
	scope: ReadScope;
	/** The department read (subtree and department scopes). */
	root?: number;
	/** selection: the subtrees read (none: from the top) and the subtrees left out. */
	include?: number[];
	exclude?: number[];
	/** How many distinct members the read output: a sync holding fewer was handed a filtered list. */
	members: number;
	/** Whether every member in the scope was read. */
	complete: boolean;
	/** Why the read is not complete. */
	incomplete?: 'limited' | 'unreadableDepartments' | 'narrowedScope';
	/** The same, in words. */
	note?: string;
}

/**
 * Where a sync may remove:
 * - whole: anywhere among the users it owns (the source is the whole directory);
 * - placed: only users whose last-known departments were all read (a subtree read, or a read
 *   that skipped unreadable departments);
 * - none: nowhere (the input is limited, filtered, or of unknown completeness).
 */
export type RemovalReach = 'whole' | 'placed' | 'none';

export interface Completeness {
	reach: RemovalReach;
	/** Why removals are limited; empty for whole. */
	reasons: string[];
}

export const COMPLETE: Completeness = { reach: 'whole', reasons: [] };

const ORDER: Record<RemovalReach, number> = { whole: 2, placed: 1, none: 0 };

/** A mark as it arrives after any node: a plain object with the fields a read writes, else undefined. */
export function readMark(value: unknown): DirectoryReadMark | undefined {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const v = value as Record<string, unknown>;
	if (typeof v.id !== 'string' || !v.id) return undefined;
	if (v.scope !== 'directory' && v.scope !== 'subtree' && v.scope !== 'department' && v.scope !== 'selection') return undefined;
	if (typeof v.members !== 'number' || !Number.isSafeInteger(v.members) || v.members < 0) return undefined;
	if (typeof v.complete !== 'boolean') return undefined;
	return v as unknown as DirectoryReadMark;
}

/** What the sync saw of one read: its mark and how many distinct input users carry it. */
export interface ReadTally {
	mark: DirectoryReadMark;
	users: number;
}

export interface CompletenessInput {
	/** The reads whose marks the input carries, with their counts. */
	reads: readonly ReadTally[];
	/** Input users that carry no mark. */
	unmarked: number;
	/** All input users. */
	total: number;
	/** "Input Is the Complete Source": the user vouches for input that carries no proof. */
	declaredComplete: boolean;
}

function describeRead(mark: DirectoryReadMark): string {
	const list = (ids: number[] | undefined) => (ids ?? []).join(', ');
	const where =
		mark.scope === 'directory'
			? 'the whole directory'
			: mark.scope === 'selection'
				? `${mark.include?.length ? `departments ${list(mark.include)} and below` : 'the directory'}${mark.exclude?.length ? ` without departments ${list(mark.exclude)} and below` : ''}`
				: `department ${mark.root ?? '?'}${mark.scope === 'subtree' ? ' and below' : ''}`;
	return `${mark.provider} read of ${where}`;
}

/**
 * Decide how far a sync may remove, from the marks its input carries. The user's
 * declaration vouches for what carries no proof (input from another system, a list rebuilt
 * or filtered on purpose); it never overrides a read that says itself it is incomplete.
 */
export function assessCompleteness(input: CompletenessInput): Completeness {
	let reach: RemovalReach = 'whole';
	const reasons: string[] = [];
	const limit = (to: RemovalReach, reason: string) => {
		if (ORDER[to] < ORDER[reach]) reach = to;
		reasons.push(reason);
	};
	if (input.total === 0) return COMPLETE;
	if (input.reads.length === 0) {
		if (!input.declaredComplete) {
			limit(
				'none',
				'the input does not come from a complete directory read (WeCom or DingTalk "Get All in Directory" with Return All on) and "Input Is the Complete Source" is off',
			);
		}
		return { reach, reasons };
	}
	if (input.unmarked > 0 && !input.declaredComplete) {
		limit(
			'none',
			`${input.unmarked} of the ${input.total} input users carry no directory-read mark (a node in between rebuilt or added them), so the input cannot be shown to be complete; keep the "${READ_MARK_FIELD}" field or turn on "Input Is the Complete Source"`,
		);
	}
	for (const { mark, users } of input.reads) {
		const read = describeRead(mark);
		if (!mark.complete) {
			if (mark.incomplete === 'limited' || mark.incomplete === undefined) {
				limit('none', `the ${read} is limited to ${mark.members} members (turn on Return All)`);
			} else {
				limit('placed', `the ${read} is incomplete: ${mark.note ?? mark.incomplete}`);
			}
		}
		if (users < mark.members && !input.declaredComplete) {
			limit(
				'none',
				`the input holds ${users} of the ${mark.members} members of the ${read}: a Filter, Limit or other node in between left some out`,
			);
		} else if (users > mark.members && !input.declaredComplete) {
			limit('none', `the input holds ${users} users marked as the ${read}, which output ${mark.members}: the items were duplicated or changed`);
		}
		if (mark.scope !== 'directory') {
			limit('placed', `the ${read} covers part of the directory: only users last seen in the departments it read are removed`);
		}
	}
	return { reach, reasons };
}

export interface ReadFacts {
	provider: string;
	scope: ReadScope;
	root?: number;
	members: number;
	/** Return All was off: the read stopped at a limit. */
	limited: boolean;
	/** Departments the read skipped (On Department Error = Skip). */
	unreadable: number;
	/** The app sees less than the whole company (WeCom's department list lacks the root). */
	narrowed?: boolean;
	include?: number[];
	exclude?: number[];
}

/** The mark a read puts on its items. */
export function newReadMark(facts: ReadFacts): DirectoryReadMark {
	const mark: DirectoryReadMark = {
		id: randomBytes(6).toString('hex'),
		provider: facts.provider,
		scope: facts.scope,
		...(facts.root !== undefined ? { root: facts.root } : {}),
		...(facts.include?.length ? { include: facts.include } : {}),
		...(facts.exclude?.length ? { exclude: facts.exclude } : {}),
		members: facts.members,
		complete: !facts.limited && facts.unreadable === 0 && !facts.narrowed,
	};
	if (facts.limited) {
		mark.incomplete = 'limited';
		mark.note = `stopped at ${facts.members} members because Return All is off`;
	} else if (facts.narrowed) {
		mark.incomplete = 'narrowedScope';
		mark.note = "the app's visible scope is narrower than the company";
	} else if (facts.unreadable > 0) {
		mark.incomplete = 'unreadableDepartments';
		mark.note = `${facts.unreadable} department(s) could not be read`;
	}
	return mark;
}

/** Counts the read marks of a sync's input, user by user, then assesses them. */
export class ReadTallies {
	private readonly reads = new Map<string, { mark: DirectoryReadMark; names: Set<string> }>();
	private unmarked = 0;
	private total = 0;

	/** One input user (`name` tells users apart: an item repeated by a node in between counts once). */
	add(json: Record<string, unknown>, name: string): void {
		this.total++;
		const mark = readMark(json[READ_MARK_FIELD]);
		if (!mark) {
			this.unmarked++;
			return;
		}
		let tally = this.reads.get(mark.id);
		if (!tally) this.reads.set(mark.id, (tally = { mark, names: new Set() }));
		tally.names.add(name);
	}

	assess(declaredComplete: boolean): Completeness {
		return assessCompleteness({
			reads: [...this.reads.values()].map(({ mark, names }) => ({ mark, users: names.size })),
			unmarked: this.unmarked,
			total: this.total,
			declaredComplete,
		});
	}
}
