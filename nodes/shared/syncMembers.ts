import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeProperties,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SyncWriter } from '../../lib/directory/applySync';
import { ReadTallies } from '../../lib/directory/completeness';
import type { IamUser } from '../../lib/directory/iamUser';
import { DepartmentCreator, DepartmentDirectory } from '../../lib/directory/memberSync/departments';
import type { HolderIndex } from '../../lib/directory/memberSync/rows';
import { mappingError, resolveRow } from '../../lib/directory/memberSync/rows';
import type { DesiredMember, MemberRow, MemberTargetSpec } from '../../lib/directory/memberSync/rules';
import { MANAGED, departmentsToCreate, notManaged, planMemberSync } from '../../lib/directory/memberSync/rules';
import type { WalkResult } from '../../lib/directory/walk';
import { parseDepartmentRefs, resolveScope } from '../../lib/directory/scope';
import type { RemovalPolicy } from '../../lib/directory/syncPlan';
import { InputValidationError } from '../../lib/transport/errors';
import { toNodeError } from './errors';
import { checkInvalidInput, runSync } from './runSync';
import { readSyncRunOptions, syncModeField, syncOptionsField } from './syncFields';
import type { SyncInput } from './syncInput';
import type { SyncVocabulary } from './syncOutput';

/**
 * Sync Members (WeCom) and Sync Users From Input (DingTalk): HR rows → the directory. One
 * runner for both; what differs is the target descriptor (MemberSyncTarget): its fields and
 * row rules, its directory read, its writer and its words. Planning is the IAM syncs' planner
 * (lib/directory/memberSync/rules.ts), the Dry Run / Apply / guard / error-output part is
 * theirs too (runSync.ts).
 */

/** One field of the resource mapper. */
export interface MemberField {
	id: string;
	displayName: string;
	required: boolean;
	type: 'string' | 'boolean';
}

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

/** The resource mapper's field list (methods.resourceMapping). */
export function resourceMapperFields(fields: readonly MemberField[]): ResourceMapperFields {
	return {
		fields: fields.map((f) => ({
			id: f.id,
			displayName: f.displayName,
			required: f.required,
			defaultMatch: f.id === 'userid',
			canBeUsedToMatch: f.id === 'userid',
			display: true,
			type: f.type,
		})),
	};
}

/** A resourceMapping method for a node's `methods`. */
export function resourceMappingMethod(fields: readonly MemberField[]) {
	return async function (this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		return resourceMapperFields(fields);
	};
}

export interface MemberSyncDescription {
	/** "member", "user". */
	noun: string;
	provider: string;
	resourceMapperMethod: string;
	removalField: INodeProperties;
	/** "disable or delete", "delete": what the guard options describe. */
	removalVerbs: string;
	extra?: INodeProperties[];
}

/** The operation's parameters, shared by both targets. */
export function memberSyncProperties(d: MemberSyncDescription): INodeProperties[] {
	return [
		{
			displayName: `Takes ALL input items as rows of people (an HR export, a spreadsheet, an HTTP or IAM list) and runs once: reads the ${d.provider} directory once, then writes one call per change. Only ${d.noun}s inside the Managed Departments are ever changed, disabled or deleted.`,
			name: 'memberSyncNotice',
			type: 'notice',
			default: '',
		},
		syncModeField,
		{
			displayName: 'Managed Departments',
			name: 'managedDepartments',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 12; Acme / Sales',
			description: `The department subtrees this sync manages, by ID or path, separated by ";". A ${d.noun} is managed when every department they are in lies inside these subtrees; everyone else is never touched, and input rows may only place people inside them. Use 1 for the whole directory.`,
		},
		{
			displayName: 'Columns',
			name: 'columns',
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: true,
			typeOptions: {
				resourceMapper: {
					resourceMapperMethod: d.resourceMapperMethod,
					mode: 'add',
					fieldWords: { singular: 'field', plural: 'fields' },
					addAllFields: true,
					multiKeyMatch: false,
					supportAutoMap: true,
				},
			},
			description: `Where each ${d.noun} field comes from. Departments: IDs or paths such as "Sales / East", separated by ";". Empty fields are left as they are in ${d.provider}.`,
		},
		d.removalField,
		{
			displayName: 'Create Missing Departments',
			name: 'createMissingDepartments',
			type: 'boolean',
			default: false,
			description:
				'Whether a department path no department has (e.g. "Sales / East" without "East") is created below its deepest existing department (in Apply only; Dry Run lists them). Off: such rows fail.',
		},
		{
			displayName: 'Never Touch These Users',
			name: 'excludedUserIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. admin, it.support',
			description: 'User IDs this sync never changes, disables or deletes even inside the Managed Departments (administrators, service accounts), separated by commas',
		},
		...(d.extra ?? []),
		syncOptionsField(d.removalVerbs),
	];
}

/** The mapped values of item i: the resource mapper's, or the item's own fields when it maps automatically. */
function mappedValues(ctx: IExecuteFunctions, i: number, autoMap: boolean, fields: readonly MemberField[]): Record<string, unknown> {
	if (autoMap) {
		const json = ctx.getInputData()[i]?.json ?? {};
		const out: Record<string, unknown> = {};
		for (const f of fields) if (json[f.id] !== undefined) out[f.id] = json[f.id];
		return out;
	}
	try {
		return (ctx.getNodeParameter('columns.value', i, {}) ?? {}) as Record<string, unknown>;
	} catch (error) {
		// n8n's own type check of a mapped value ("Invalid input for 'enabled' [item 3]"): this row is invalid.
		throw mappingError(error, fields);
	}
}

function splitIds(text: string): string[] {
	return text
		.split(/[\s,;|]+/)
		.map((s) => s.trim())
		.filter((s) => s !== '');
}

/** Runs once for all input items: validate every row, read the directory once, plan, then output the plan or apply it. */
export async function executeMemberSync<S extends object, C>(ctx: IExecuteFunctions, client: C, target: MemberSyncTarget<S, C>): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	const run = readSyncRunOptions(ctx);
	const removalParam = String(ctx.getNodeParameter('removalPolicy', 0));
	const removal = target.removal(removalParam);
	const createMissing = ctx.getNodeParameter('createMissingDepartments', 0, false) === true;
	const excluded = new Set(splitIds(String(ctx.getNodeParameter('excludedUserIds', 0, '') ?? '')).map((s) => s.toLowerCase()));
	let managed;
	try {
		const text = String(ctx.getNodeParameter('managedDepartments', 0, '') ?? '');
		managed = parseDepartmentRefs(text.split(/[;\n]+/).filter((s) => s.trim() !== ''), 'Managed Departments');
		if (managed.length === 0) throw new InputValidationError('Managed Departments', 'is required: the department IDs or paths whose members this sync manages (1 for the whole directory)');
	} catch (error) {
		throw toNodeError(node, error);
	}

	// 1. Every row, checked before any call.
	const items = ctx.getInputData();
	const autoMap = ctx.getNodeParameter('columns.mappingMode', 0, 'defineBelow') === 'autoMapInputData';
	const rows: Array<{ row: MemberRow; itemIndex: number }> = [];
	const input: SyncInput = { users: [], itemIndex: [], source: MANAGED, unreadable: [], invalid: [], completeness: { reach: 'none', reasons: [] } };
	const tallies = new ReadTallies();
	const invalid = (itemIndex: number, name: string, error: InputValidationError, userid?: string) =>
		input.invalid.push({ itemIndex, name, error, user: { userid: userid ?? name } as unknown as IamUser });
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
			if (!(error instanceof InputValidationError)) throw toNodeError(node, error, i);
			const label = typeof values.userid === 'string' && values.userid ? values.userid : `item ${i}`;
			invalid(i, label, error, typeof values.userid === 'string' ? values.userid : undefined);
		}
	});
	input.completeness = tallies.assess(run.inputIsComplete);
	checkInvalidInput(ctx, input);

	// 2. One directory read.
	let walked: WalkResult<S>;
	try {
		walked = await target.read(client);
	} catch (error) {
		throw toNodeError(node, error);
	}
	const { spec } = target;
	let scope;
	try {
		scope = resolveScope({ include: managed, exclude: [] }, walked.tree, 'Managed Departments');
	} catch (error) {
		throw toNodeError(node, error);
	}
	const stored = new Map<string, S>();
	for (const member of walked.members) stored.set(spec.key(spec.userid(member)), member);

	// 3. Departments by path, and what a new member needs: per row, still before any write.
	const memberScope = { inScope: (id: number) => scope.has(id), excluded };
	const directory = new DepartmentDirectory(walked.tree, (id) => scope.has(id), createMissing);
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
			invalid(itemIndex, row.userid, error, row.userid);
		}
	}
	input.users = desired as unknown as IamUser[];
	input.invalid.sort((a, b) => a.itemIndex - b.itemIndex);
	checkInvalidInput(ctx, input);

	// 4. Plan, then output it (Dry Run) or write it (Apply).
	let plan;
	try {
		plan = planMemberSync({
			desired,
			stored: walked.members,
			keep: input.invalid.map((x) => String((x.user as unknown as { userid: string }).userid)),
			policy: {
				removal,
				maxRemovalPercent: run.maxRemovalPercent,
				maxRemovalCount: run.maxRemovalCount,
				allowLargeRemovals: run.allowLargeRemovals,
				completeness: input.completeness,
			},
			spec,
			scope: memberScope,
		});
	} catch (error) {
		throw toNodeError(node, error);
	}
	const toCreate = departmentsToCreate(directory, plan.actions);
	const departments = new DepartmentCreator(directory, async (name, parentId) => await target.createDepartment(client, name, parentId));
	const holders = target.holders(walked.members);
	const writer = target.writer(ctx, client, { desired, stored, departments, holders });
	const [out] = await runSync(ctx, {
		plan,
		input,
		writer,
		concurrency: target.concurrency(client),
		context: {
			mode: run.mode,
			scope: { managedDepartments: scope.include, ...(excluded.size > 0 ? { neverTouched: [...excluded] } : {}) },
			source: MANAGED,
			removal: removalParam,
			completeness: input.completeness,
		},
		includeUnchanged: run.includeUnchanged,
		vocabulary: target.vocabulary,
	});

	// 5. The member sync's own words: moves, and the departments it creates.
	const column = spec.departmentColumn;
	let moved = 0;
	for (const item of out) {
		const json = item.json;
		if (json.action === target.vocabulary.update.action && Array.isArray(json.columns) && (json.columns as unknown[]).includes(column)) {
			json.action = 'move';
			moved++;
		}
	}
	const summary = out[out.length - 1]?.json;
	if (summary?.action === 'summary') {
		const updated = target.vocabulary.update.counted;
		if (typeof summary[updated] === 'number') summary[updated] = (summary[updated] as number) - moved;
		summary.moved = moved;
		if (run.mode === 'dryRun') summary.departmentsToCreate = toCreate;
		else summary.departmentsCreated = departments.created.map((d) => ({ id: d.id, path: d.path }));
		Object.assign(summary, writer.notes?.() ?? {});
	}
	return [out];
}

/** Thrown by a target whose removal choice the node does not know. */
export function unknownRemoval(ctx: IExecuteFunctions, value: string): never {
	throw new NodeOperationError(ctx.getNode(), `Unknown removal choice "${value}"`);
}
