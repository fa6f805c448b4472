import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RemovalPolicy, SyncWriter } from '../../lib/directory/engine/syncTypes';
import { ReadTallies } from '../../lib/directory/engine/completeness';
import type { IamUser } from '../../lib/directory/mapping/iamUser';
import { DepartmentCreator, DepartmentDirectory } from '../../lib/directory/targets/members/departments';
import type { HolderIndex } from '../../lib/directory/targets/members/rows';
import { resolveRow } from '../../lib/directory/targets/members/rows';
import type { DesiredMember, MemberRow, MemberScope, MemberTargetSpec } from '../../lib/directory/targets/members/rules';
import { MANAGED, departmentsToCreate, notManaged, planMemberSync } from '../../lib/directory/targets/members/rules';
import type { WalkResult } from '../../lib/directory/sources/walk';
import type { DepartmentRef, ResolvedScope } from '../../lib/directory/sources/scope';
import { parseDepartmentRefs, resolveScope } from '../../lib/directory/sources/scope';
import { InputValidationError } from '../../lib/transport/errors';
import { toNodeError } from './errors';
import type { MemberField } from './memberSyncFields';
import { mappedValues } from './memberSyncFields';
import type { SyncRun } from './syncUsers';
import { executeSync } from './syncUsers';
import type { SyncInput } from './syncInput';
import type { SyncVocabulary } from './syncOutput';

/**
 * Sync Members (WeCom) and Sync Users From Input (DingTalk): HR rows → the directory. Both
 * run on the one sync skeleton of every target (syncUsers.ts, executeSync); what differs
 * between WeCom and DingTalk is the descriptor (MemberSyncTarget): fields and row rules, the
 * directory read, the writer and the words. What the member sync adds to the skeleton's steps
 * (rows from the resource mapper, managed departments, departments by path, moves) is below.
 * Planning is the IAM syncs' planner (lib/directory/targets/members/rules.ts).
 */

export interface MemberSyncTarget<S, C> {
	spec: MemberTargetSpec<S>;
	fields: readonly MemberField[];
	parseRow(values: Record<string, unknown>): MemberRow;
	createNeeds(row: MemberRow): void;
	hasEnable: boolean;
	/** The one directory read: the whole department list and every member. */
	read(client: C): Promise<WalkResult<S>>;
	holders(stored: readonly S[]): HolderIndex;
	createDepartment(client: C, name: string, parentId: number): Promise<number>;
	writer(
		ctx: IExecuteFunctions,
		client: C,
		args: { desired: DesiredMember[]; stored: Map<string, S>; departments: DepartmentCreator; holders: HolderIndex },
	): SyncWriter & { notes?(): IDataObject };
	/** The node's removal choice → the planner's policy. */
	removal(param: string): RemovalPolicy;
	vocabulary: SyncVocabulary;
	concurrency(client: C): number;
}

function splitIds(text: string): string[] {
	return text
		.split(/[\s,;|]+/)
		.map((s) => s.trim())
		.filter((s) => s !== '');
}

/** The node's own choices, read once and checked before any call. */
interface MemberSyncSettings {
	removalParam: string;
	removal: RemovalPolicy;
	createMissing: boolean;
	excluded: Set<string>;
	managed: DepartmentRef[];
}

function readSettings<S, C>(ctx: IExecuteFunctions, target: MemberSyncTarget<S, C>): MemberSyncSettings {
	const removalParam = String(ctx.getNodeParameter('removalPolicy', 0));
	const removal = target.removal(removalParam);
	const createMissing = ctx.getNodeParameter('createMissingDepartments', 0, false) === true;
	const excluded = new Set(splitIds(String(ctx.getNodeParameter('excludedUserIds', 0, '') ?? '')).map((s) => s.toLowerCase()));
	try {
		const text = String(ctx.getNodeParameter('managedDepartments', 0, '') ?? '');
		const managed = parseDepartmentRefs(text.split(/[;\n]+/).filter((s) => s.trim() !== ''), 'Managed Departments');
		if (managed.length === 0) throw new InputValidationError('Managed Departments', 'is required: the department IDs or paths whose members this sync manages (1 for the whole directory)');
		return { removalParam, removal, createMissing, excluded, managed };
	} catch (error) {
		throw toNodeError(ctx.getNode(), error);
	}
}

type Rows = Array<{ row: MemberRow; itemIndex: number }>;

/** An invalid row: not written, never removed (the person is still in HR). */
function markInvalid(input: SyncInput, itemIndex: number, name: string, error: InputValidationError, userid?: string): void {
	input.invalid.push({ itemIndex, name, error, user: { userid: userid ?? name } as unknown as IamUser });
}

/** Step 1: every row, checked before any call; the read marks the items carry say how far the input lets the sync remove. */
function readRows<S, C>(ctx: IExecuteFunctions, target: MemberSyncTarget<S, C>, declaredComplete: boolean): { rows: Rows; input: SyncInput } {
	const items = ctx.getInputData();
	const autoMap = ctx.getNodeParameter('columns.mappingMode', 0, 'defineBelow') === 'autoMapInputData';
	const rows: Rows = [];
	const input: SyncInput = { users: [], itemIndex: [], source: MANAGED, unreadable: [], invalid: [], completeness: { reach: 'none', reasons: [] } };
	const tallies = new ReadTallies();
	items.forEach((item, i) => {
		// n8n's "always output data" placeholder: no row.
		if (Object.keys(item.json ?? {}).length === 0) return;
		let values: Record<string, unknown> = {};
		try {
			values = mappedValues(ctx, i, autoMap, target.fields);
			const row = target.parseRow(values);
			tallies.add(item.json ?? {}, row.userid);
			rows.push({ row, itemIndex: i });
		} catch (error) {
			if (!(error instanceof InputValidationError)) throw toNodeError(ctx.getNode(), error, i);
			const label = typeof values.userid === 'string' && values.userid ? values.userid : `item ${i}`;
			markInvalid(input, i, label, error, typeof values.userid === 'string' ? values.userid : undefined);
		}
	});
	input.completeness = tallies.assess(declaredComplete);
	return { rows, input };
}

/** Step 3: departments by path, and what a new member needs, per row, still before any write. */
function resolveDesired<S, C>(
	target: MemberSyncTarget<S, C>,
	rows: Rows,
	input: SyncInput,
	stored: ReadonlyMap<string, S>,
	directory: DepartmentDirectory,
	memberScope: MemberScope,
	node: INode,
): DesiredMember[] {
	const { spec } = target;
	const desired: DesiredMember[] = [];
	for (const { row, itemIndex } of rows) {
		const existing = stored.get(spec.key(row.userid));
		if (existing && notManaged(spec, memberScope, existing) !== undefined) {
			// Someone this sync does not manage: the plan skips the row and says why; its departments do not matter.
			desired.push({ userid: row.userid, name: row.name, fields: row.fields });
			input.itemIndex.push(itemIndex);
			continue;
		}
		try {
			desired.push(resolveRow(row, directory, existing !== undefined, { createNeeds: (r) => target.createNeeds(r), hasEnable: target.hasEnable }));
			input.itemIndex.push(itemIndex);
		} catch (error) {
			if (!(error instanceof InputValidationError)) throw toNodeError(node, error, itemIndex);
			markInvalid(input, itemIndex, row.userid, error, row.userid);
		}
	}
	input.users = desired as unknown as IamUser[];
	input.invalid.sort((a, b) => a.itemIndex - b.itemIndex);
	return desired;
}

/** Step 5: the member sync's own words: an update that changes departments is a move; the departments it creates. */
function describeMoves(out: INodeExecutionData[], column: string, vocabulary: SyncVocabulary, extra: IDataObject): void {
	let moved = 0;
	for (const item of out) {
		const json = item.json;
		if (json.action === vocabulary.update.action && Array.isArray(json.columns) && (json.columns as unknown[]).includes(column)) {
			json.action = 'move';
			moved++;
		}
	}
	const summary = out[out.length - 1]?.json;
	if (summary?.action !== 'summary') return;
	const updated = vocabulary.update.counted;
	if (typeof summary[updated] === 'number') summary[updated] = (summary[updated] as number) - moved;
	summary.moved = moved;
	Object.assign(summary, extra);
}

/** What the member sync keeps between its steps: the rows' desired members, the directory's departments, the resolved scope. */
interface MemberRunState<S> {
	rows: Rows;
	desired: DesiredMember[];
	stored: Map<string, S>;
	scope?: ResolvedScope;
	memberScope?: MemberScope;
	directory?: DepartmentDirectory;
	departments?: DepartmentCreator;
	toCreate: string[];
}

/** The member sync as a target of the one sync skeleton (syncUsers.ts): HR rows in, the directory's members stored. */
function memberRun<S extends object, C>(ctx: IExecuteFunctions, client: C, target: MemberSyncTarget<S, C>): SyncRun<WalkResult<S>> {
	const settings = readSettings(ctx, target);
	const { spec } = target;
	const state: MemberRunState<S> = { rows: [], desired: [], stored: new Map(), toCreate: [] };
	let notes: (() => IDataObject) | undefined;
	return {
		removal: settings.removal,
		removalLabel: settings.removalParam,
		readInput(options) {
			const { rows, input } = readRows(ctx, target, options.inputIsComplete);
			state.rows = rows;
			return input;
		},
		readStored: async () => await target.read(client),
		resolve(input, walked) {
			const scope = resolveScope({ include: settings.managed, exclude: [] }, walked.tree, 'Managed Departments');
			for (const member of walked.members) state.stored.set(spec.key(spec.userid(member)), member);
			state.scope = scope;
			state.memberScope = { inScope: (id: number) => scope.has(id), excluded: settings.excluded };
			state.directory = new DepartmentDirectory(walked.tree, (id) => scope.has(id), settings.createMissing);
			state.desired = resolveDesired(target, state.rows, input, state.stored, state.directory, state.memberScope, ctx.getNode());
		},
		plan(input, walked, policy) {
			const plan = planMemberSync({
				desired: state.desired,
				stored: walked.members,
				keep: input.invalid.map((x) => String((x.user as unknown as { userid: string }).userid)),
				policy: {
					removal: policy.removal,
					maxRemovalPercent: policy.maxRemovalPercent,
					maxRemovalCount: policy.maxRemovalCount,
					allowLargeRemovals: policy.allowLargeRemovals,
					completeness: input.completeness,
				},
				spec,
				scope: state.memberScope!,
			});
			state.toCreate = departmentsToCreate(state.directory!, plan.actions);
			return plan;
		},
		writer(walked) {
			const departments = new DepartmentCreator(state.directory!, async (name, parentId) => await target.createDepartment(client, name, parentId));
			state.departments = departments;
			const writer = target.writer(ctx, client, { desired: state.desired, stored: state.stored, departments, holders: target.holders(walked.members) });
			notes = writer.notes ? () => writer.notes!() : undefined;
			return writer;
		},
		scope: () => ({ managedDepartments: state.scope!.include, ...(settings.excluded.size > 0 ? { neverTouched: [...settings.excluded] } : {}) }),
		concurrency: target.concurrency(client),
		finish(out, mode) {
			const created =
				mode === 'dryRun'
					? { departmentsToCreate: state.toCreate }
					: { departmentsCreated: (state.departments?.created ?? []).map((d) => ({ id: d.id, path: d.path })) };
			describeMoves(out, spec.departmentColumn, target.vocabulary, { ...created, ...(notes?.() ?? {}) });
		},
	};
}

/** Runs once for all input items: validate every row, read the directory once, plan, then output the plan or apply it. */
export async function executeMemberSync<S extends object, C>(ctx: IExecuteFunctions, client: C, target: MemberSyncTarget<S, C>): Promise<INodeExecutionData[][]> {
	return await executeSync(ctx, client, { name: target.spec.target, vocabulary: target.vocabulary, prepare: () => memberRun(ctx, client, target) });
}

/** Thrown by a target whose removal choice the node does not know. */
export function unknownRemoval(ctx: IExecuteFunctions, value: string): never {
	throw new NodeOperationError(ctx.getNode(), `Unknown removal choice "${value}"`);
}
