import type { IamUser } from '../iamUser';
import type { PlanPolicy, SyncAction, SyncPlan, SyncRules } from '../syncPlan';
import { planUserSync } from '../syncPlan';
import { nationalDigits } from '../userDiff';
import type { UserDiff } from '../userDiff';
import type { DepartmentDirectory, DepartmentName, ResolvedDepartment } from './departments';

/**
 * HR rows → the directory itself (WeCom members, DingTalk users): the same planner as the IAM
 * syncs (lib/directory/syncPlan.ts), with a directory member as the stored record.
 *
 * Ownership is the Managed Departments: a member is this sync's when every department it is
 * in lies inside the managed subtrees and its user ID is not on the exclusion list. Anyone
 * else is never changed, disabled or deleted; an input row naming them is skipped with the
 * reason. Departments named in the input must lie inside the managed subtrees too, so a
 * member the sync writes stays its own.
 */

/** The owner tag the planner compares: one sync manages one set of subtrees. */
export const MANAGED = 'managed departments';

/** How a field is compared: text as is, e-mail without case, phone numbers by their digits (+86 or not). */
export type Compare = 'text' | 'email' | 'phone';

/** An input row once validated: API field names, departments still as the input named them. */
export interface MemberRow {
	userid: string;
	name: string;
	/** Plain fields by API name (mobile, email, position …): absent = leave alone. */
	fields: Record<string, string>;
	departments?: DepartmentName[];
	leaderOf?: DepartmentName[];
	mainDepartment?: DepartmentName;
	/** WeCom's enable; undefined = 1 for a row (an HR row is someone employed). */
	enabled?: boolean;
}

/** What the planner is handed per row: the row with its departments resolved. */
export interface DesiredMember {
	userid: string;
	name: string;
	fields: Record<string, string>;
	departments?: ResolvedDepartment[];
	leaderOf?: ResolvedDepartment[];
	mainDepartment?: ResolvedDepartment;
	enable?: 0 | 1;
}

/** What differs between providers. `S` is the member record the directory read returns. */
export interface MemberTargetSpec<S> {
	/** "WeCom", "DingTalk". */
	target: string;
	/** "member", "user". */
	noun: string;
	/** The planner's key: WeCom userids are unique ignoring case. */
	key(userid: string): string;
	userid(stored: S): string;
	departments(stored: S): number[];
	/** The departments where the stored member is a leader; undefined when the target does not sync leader flags. */
	leaderOf?(stored: S): number[];
	mainDepartment?(stored: S): number | undefined;
	/** WeCom: enable (1 / 0); undefined for targets without a disabled state. */
	enabled?(stored: S): boolean;
	/** The plain fields and how each compares. */
	compare: Record<string, Compare>;
	value(stored: S, field: string): string | undefined;
	/** Why a field cannot be written to this stored member (the change is then left out, with the note). */
	locked?(stored: S, field: string): string | undefined;
	/** The department column's name in the plan: "department" (WeCom), "dept_id_list" (DingTalk). */
	departmentColumn: string;
}

export interface MemberScope {
	/** Whether a department lies inside the Managed Departments. */
	inScope(id: number): boolean;
	/** Lower-cased user IDs never touched. */
	excluded: ReadonlySet<string>;
}

function same(kind: Compare, a: string, b: string): boolean {
	if (kind === 'email') return a.toLowerCase() === b.toLowerCase();
	if (kind === 'phone') return (nationalDigits(a) ?? a) === (nationalDigits(b) ?? b);
	return a === b;
}

function sameSet(a: readonly ResolvedDepartment[], b: readonly number[]): boolean {
	if (a.some((d) => typeof d === 'string')) return false;
	const left = new Set(a.map(Number));
	const right = new Set(b);
	return left.size === right.size && [...left].every((x) => right.has(x));
}

/** Why a stored member is not this sync's, or undefined when it is. */
export function notManaged<S>(spec: MemberTargetSpec<S>, scope: MemberScope, stored: S): string | undefined {
	const userid = spec.userid(stored);
	if (scope.excluded.has(userid.toLowerCase())) return 'is on the "Never Touch These Users" list';
	const departments = spec.departments(stored);
	if (departments.length === 0) return 'is in no department';
	const outside = departments.filter((d) => !scope.inScope(d));
	if (outside.length > 0) return `is in department${outside.length > 1 ? 's' : ''} ${outside.join(', ')}, outside the Managed Departments`;
	return undefined;
}

export interface MemberRules<S> extends SyncRules<S> {
	/** Per user ID (key), the changes left out because the target cannot make them. */
	notes: Map<string, string[]>;
}

/** The planner's rules for one directory as a target of HR rows. */
export function memberSyncRules<S extends object>(spec: MemberTargetSpec<S>, scope: MemberScope): MemberRules<S> {
	const notes = new Map<string, string[]>();
	const d = (record: Record<string, unknown>) => record as unknown as DesiredMember;
	const asStored = (record: Record<string, unknown>) => record as unknown as S;
	const isDesired = (record: Record<string, unknown>) => typeof record.fields === 'object' && record.fields !== null;
	const useridOf = (record: Record<string, unknown>) => (isDesired(record) ? d(record).userid : spec.userid(asStored(record)));
	return {
		target: spec.target,
		where: 'in the Managed Departments',
		keyName: 'user ID',
		words: { forbid: 'disable', forbidden: 'disabled' },
		notes,
		keyOf: (record) => spec.key(String(useridOf(record) ?? '')),
		nameOf: (record) => String(useridOf(record) ?? ''),
		ownerOf: (stored) => (notManaged(spec, scope, stored) === undefined ? MANAGED : undefined),
		desired: (input) => input as unknown as Record<string, unknown>,
		// What a create sends, flat for the output: the row's fields next to userid and name.
		created: (record) => {
			const { userid, name, fields, ...rest } = d(record);
			return { userid, name, ...fields, ...rest } as unknown as Record<string, unknown>;
		},
		ref: (record) => {
			const name = isDesired(record) ? d(record).name : (record as { name?: unknown }).name;
			return { userid: useridOf(record), ...(name !== undefined ? { name } : {}) };
		},
		changes(desiredRecord, stored) {
			const desired = d(desiredRecord);
			const diff: UserDiff = { columns: [], changes: {}, before: {} };
			const record = (column: string, value: unknown, before: unknown) => {
				diff.columns.push(column);
				diff.changes[column] = value;
				diff.before[column] = before;
			};
			const left: string[] = [];
			const storedName = spec.value(stored, 'name') ?? '';
			if (desired.name !== storedName) record('name', desired.name, storedName);
			for (const [field, kind] of Object.entries(spec.compare)) {
				const want = desired.fields[field];
				if (want === undefined) continue;
				const have = spec.value(stored, field) ?? '';
				if (same(kind, want, have)) continue;
				const lock = spec.locked?.(stored, field);
				if (lock) left.push(lock);
				else record(field, want, have);
			}
			if (desired.departments) {
				const have = spec.departments(stored);
				if (!sameSet(desired.departments, have)) record(spec.departmentColumn, desired.departments, have);
			}
			if (desired.leaderOf && spec.leaderOf) {
				const have = spec.leaderOf(stored);
				if (!sameSet(desired.leaderOf, have)) record('leaderOf', desired.leaderOf, have);
			}
			if (desired.mainDepartment !== undefined && spec.mainDepartment) {
				const have = spec.mainDepartment(stored);
				if (desired.mainDepartment !== have) record('main_department', desired.mainDepartment, have ?? null);
			}
			let reactivates = false;
			if (desired.enable !== undefined && spec.enabled) {
				const have = spec.enabled(stored) ? 1 : 0;
				if (desired.enable !== have) {
					record('enable', desired.enable, have);
					reactivates = desired.enable === 1;
				}
			}
			const key = spec.key(desired.userid);
			if (left.length > 0) notes.set(key, left);
			else notes.delete(key);
			return { diff, reactivates };
		},
		state: (stored) => (spec.enabled && !spec.enabled(stored) ? 'forbidden' : 'active'),
		forbid: (stored) => ({ columns: ['enable'], changes: { enable: 0 }, before: { enable: spec.enabled?.(stored) === false ? 0 : 1 } }),
	};
}

export interface MemberPlanInput<S> {
	desired: DesiredMember[];
	stored: readonly S[];
	/** User IDs of invalid rows: still in HR, so never removed. */
	keep: string[];
	policy: Omit<PlanPolicy, 'source' | 'keep' | 'linkBy' | 'fieldRules' | 'unreadable'>;
	spec: MemberTargetSpec<S>;
	scope: MemberScope;
}

/**
 * Plan the sync: the shared planner, then the member sync's own words — a row naming a
 * member outside the Managed Departments says where that member is, and an update that
 * leaves out a change the target cannot make says so.
 */
export function planMemberSync<S extends object>(input: MemberPlanInput<S>): SyncPlan {
	const { spec, scope } = input;
	const rules = memberSyncRules(spec, scope);
	const storedByKey = new Map<string, S>();
	for (const s of input.stored) storedByKey.set(spec.key(spec.userid(s)), s);
	const plan = planUserSync(
		input.desired as unknown as IamUser[],
		input.stored,
		{
			...input.policy,
			source: MANAGED,
			keep: input.keep.map((userid) => ({ userid, name: userid, fields: {} }) as unknown as IamUser),
		},
		rules,
	);
	for (const action of plan.actions) {
		const key = spec.key(String(action.ref.userid ?? ''));
		if (action.action === 'create' && scope.excluded.has(String(action.ref.userid ?? '').toLowerCase())) {
			// Never Touch These Users: not even created.
			action.action = 'skip';
			delete action.user;
			action.reason = `"${String(action.ref.userid)}" is on the "Never Touch These Users" list: it is not added`;
			plan.counts.create--;
			plan.counts.skip++;
			continue;
		}
		if (action.action === 'skip' && action.sourceIndex !== undefined) {
			const stored = storedByKey.get(key);
			const why = stored ? notManaged(spec, scope, stored) : undefined;
			if (why) action.reason = `${spec.target} ${spec.noun} "${spec.userid(stored!)}" ${why}: it is left untouched`;
		}
		const note = rules.notes.get(key);
		if (note && action.sourceIndex !== undefined && (action.action === 'update' || action.action === 'unforbid' || action.action === 'unchanged')) {
			action.reason = note.join(' ');
		}
	}
	return plan;
}

/** Whether an action moves the member (its departments change). */
export function isMove(action: SyncAction, departmentColumn: string): boolean {
	return action.action === 'update' && (action.columns ?? []).includes(departmentColumn);
}

/** The departments of a desired member that the run must create first. */
export function departmentsToCreate(directory: DepartmentDirectory, actions: readonly SyncAction[]): string[] {
	const out = new Set<string>();
	for (const action of actions) {
		const record = (action.user ?? action.changes) as Partial<DesiredMember> & Record<string, unknown> | undefined;
		if (!record) continue;
		const lists = [record.departments, record.department, record.dept_id_list, record.leaderOf].filter(Array.isArray) as ResolvedDepartment[][];
		for (const list of lists) for (const path of directory.needed(list)) out.add(path);
	}
	return [...out];
}
