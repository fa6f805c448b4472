import type { DirectorySource, TreeDepartment } from './model';

/** Turns a complete member (every department it was found in merged) into what the walk returns. */
export type MemberShaper<M, S> = (member: M, tree: Map<number, TreeDepartment>) => S;

function mergeIds(a: readonly number[], b: readonly number[]): readonly number[] {
	if (b.every((id) => a.includes(id))) return a;
	const out = [...a];
	for (const id of b) if (!out.includes(id)) out.push(id);
	return out;
}

/**
 * Collects the walk's department lists as they settle, in any order, and deduplicates their
 * members in tree order (the order of `departments`, whatever order the pages arrived in).
 *
 * A member is shaped the moment it is complete: when every department it names has been
 * drained, so no later list can merge more into it (for a source whose members name all
 * their departments; otherwise at the end). Most members are complete at first
 * sight, so their shaping happens while other calls are still in flight instead of in one
 * pass after the last page, and the source's record can be dropped at once: the walk never
 * holds a member twice. Members naming a department that is never drained (outside the
 * tree, unreadable) are shaped in `finish`.
 */
export class MemberCollector<M, S> {
	private readonly lists: Array<readonly M[] | undefined | null>;
	private readonly indexOf = new Map<number, number>();
	private drained = 0;
	/** Member id → its output slot (first-sight order). */
	private readonly slotOf = new Map<string, number>();
	private readonly shaped: Array<S | undefined> = [];
	private readonly pending = new Map<number, M>();
	/** Each slot's department IDs, as merged: the walk's scope and completeness checks read them. */
	private readonly departmentIds: Array<readonly number[]> = [];

	constructor(
		private readonly source: DirectorySource<M>,
		private readonly departments: readonly TreeDepartment[],
		private readonly tree: Map<number, TreeDepartment>,
		private readonly shape: MemberShaper<M, S>,
		/** Keep only the first `limit` members found (Return All off): later ones are never shaped. */
		private readonly limit?: number,
	) {
		this.lists = new Array(departments.length).fill(null);
		departments.forEach((d, i) => this.indexOf.set(d.id, i));
	}

	/** A department's list has settled: its members, or undefined when it was not read. */
	settle(index: number, members: readonly M[] | undefined): void {
		this.lists[index] = members;
		while (this.drained < this.lists.length && this.lists[this.drained] !== null) {
			const list = this.lists[this.drained];
			this.lists[this.drained] = undefined;
			const departmentId = this.departments[this.drained].id;
			this.drained++;
			if (list) for (const member of list) this.take(member, departmentId);
		}
	}

	private take(member: M, departmentId: number): void {
		const { source } = this;
		const id = source.memberId(member);
		let slot = this.slotOf.get(id);
		if (slot === undefined) {
			if (this.limit !== undefined && this.shaped.length >= this.limit) return;
			slot = this.shaped.length;
			this.slotOf.set(id, slot);
			this.shaped.push(undefined);
			const ids = mergeIds(source.memberDepartments(member), [departmentId]);
			const known = ids === source.memberDepartments(member) ? member : source.withDepartments(member, [...ids]);
			this.departmentIds.push(ids);
			// Most members are complete at first sight: shaped at once, never parked in `pending`
			// (a Map that every member entered and left churned 0.1 KB of garbage per member).
			if (this.complete(ids)) {
				this.shaped[slot] = this.shape(known, this.tree);
				return;
			}
			this.pending.set(slot, known);
		} else {
			const known = this.pending.get(slot);
			// Already shaped: complete when its last department was drained, so nothing new can
			// arrive for it, unless it moved into this department during the read. The later
			// record is the fresher one; per-department facts of the earlier listing (DingTalk's
			// leader flag there) are not carried over in that case.
			if (known === undefined) {
				const ids = this.departmentIds[slot];
				if (ids.includes(departmentId)) return;
				this.departmentIds[slot] = [...ids, departmentId];
				this.pending.set(slot, source.withDepartments(member, [...this.departmentIds[slot]]));
			} else {
				const merged = source.mergeMember ? source.mergeMember(known, member) : known;
				const current = source.memberDepartments(merged);
				const ids = mergeIds(mergeIds(current, source.memberDepartments(member)), [departmentId]);
				this.departmentIds[slot] = ids;
				this.pending.set(slot, ids === current ? merged : source.withDepartments(merged, [...ids]));
			}
		}
		if (this.complete(this.departmentIds[slot])) this.finishSlot(slot);
	}

	/** Every department named is drained (or not in the tree at all, and so never will be). */
	private complete(ids: readonly number[]): boolean {
		if (!this.source.namesAllDepartments) return false;
		for (const id of ids) {
			const index = this.indexOf.get(id);
			if (index !== undefined && index >= this.drained) return false;
		}
		return true;
	}

	private finishSlot(slot: number): void {
		this.shaped[slot] = this.shape(this.pending.get(slot)!, this.tree);
		this.pending.delete(slot);
	}

	/** The read is over: lists never fetched (a limit reached) count as not read; shape what is still waiting, and return the members in first-sight order. */
	finish(): { members: S[]; departmentIds: Array<readonly number[]> } {
		for (let index = this.drained; index < this.lists.length; index++) if (this.lists[index] === null) this.settle(index, undefined);
		for (const slot of [...this.pending.keys()]) this.finishSlot(slot);
		return { members: this.shaped as S[], departmentIds: this.departmentIds };
	}
}
