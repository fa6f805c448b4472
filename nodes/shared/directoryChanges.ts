import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Change, ChangeType, DepartmentView, MemberView, Profile, ReadState, Snapshot } from '../../lib/directory/sources/changes';
import { CHANGE_TYPES, compare } from '../../lib/directory/sources/changes';
import type { DirectorySource } from '../../lib/directory/sources/model';
import type { ProviderId } from '../../lib/directory/sources/registry';
import type { OnDepartmentError } from '../../lib/directory/sources/walk';
import { walkDirectory } from '../../lib/directory/sources/walk';
import { redact } from '../../lib/transport/redact';

const CHANGE_NAMES: Record<ChangeType, string> = {
	'member.joined': 'Member Joined',
	'member.updated': 'Member Updated',
	'member.moved': 'Member Moved',
	'member.disabled': 'Member Disabled',
	'member.enabled': 'Member Enabled',
	'member.left': 'Member Left',
	'department.created': 'Department Created',
	'department.renamed': 'Department Renamed',
	'department.moved': 'Department Moved',
	'department.deleted': 'Department Deleted',
};

/** The parameters both Directory Changes triggers share (n8n adds Poll Times to polling nodes). */
export function directoryChangesProperties(provider: string): INodeProperties[] {
	return [
		{
			displayName: `Each poll reads the whole ${provider} directory (contacts API calls, which do not count against ${provider === 'DingTalk' ? "DingTalk's monthly push quota" : 'any push quota'}) and compares it with what the previous poll saw. The first poll only records the starting point. Use a credential that can read every department.`,
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Changes',
			name: 'changes',
			type: 'multiOptions',
			options: CHANGE_TYPES.map((value) => ({ name: CHANGE_NAMES[value], value })),
			default: [...CHANGE_TYPES],
			description: 'Which changes become items. Others are still recorded. Empty means all.',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Emit Everyone on First Poll',
					name: 'emitAllOnFirstPoll',
					type: 'boolean',
					default: false,
					description: 'Whether the first poll outputs every member as joined (for an initial load) instead of only recording the starting point',
				},
				{
					displayName: 'Keep Last-Known Profiles',
					name: 'keepProfiles',
					type: 'boolean',
					default: false,
					description:
						'Whether to keep each member\'s profile fields between polls (about 100–200 bytes a member in the workflow\'s static data instead of about 35). Then "updated" items name the changed fields with their before and after values, and "left" items carry the last-known profile.',
				},
				{
					displayName: 'On Department Error',
					name: 'onDepartmentError',
					type: 'options',
					default: 'skip',
					options: [
						{
							name: 'Skip the Department (No Leavers Reported)',
							value: 'skip',
							description:
								'A department that cannot be read is left out of this poll: nobody is reported as left and no department as deleted, and what could not be read keeps its last-known state until a complete poll',
						},
						{ name: 'Fail the Poll', value: 'fail', description: 'The poll fails with the error; the snapshot is not changed' },
					],
					description: 'What a department that cannot be read does to the poll',
				},
			],
		},
	];
}

export interface DirectoryChangesProvider<M> {
	provider: ProviderId;
	label: string;
	source(ctx: IPollFunctions): Promise<DirectorySource<M>>;
	view(member: M): MemberView;
}

interface ChangesOptions {
	emitAllOnFirstPoll?: boolean;
	keepProfiles?: boolean;
	onDepartmentError?: OnDepartmentError;
}

const SNAPSHOT_KEY = 'directorySnapshot';

async function readDirectory<M>(ctx: IPollFunctions, spec: DirectoryChangesProvider<M>, onDepartmentError: OnDepartmentError): Promise<ReadState> {
	const source = await spec.source(ctx);
	const walked = await walkDirectory(source, { onDepartmentError });
	const departments: DepartmentView[] = walked.departments.map((d) => ({ id: d.id, name: d.name ?? '', parentId: d.parentId }));
	return { members: walked.members.map((m) => spec.view(m)), departments, unreadable: walked.unreadable.map((u) => u.id) };
}

function toItems(changes: Change[], provider: string, detectedAt: string, extra: IDataObject = {}): INodeExecutionData[] {
	return changes.map((change) => ({ json: { ...change, provider, detectedAt, ...extra } as IDataObject }));
}

/**
 * One poll: read, compare with the snapshot in the node's static data, keep the new
 * snapshot, output one item per change. A manual "Fetch Test Event" reads and compares too,
 * but leaves the snapshot as it was; when nothing changed it outputs a sample.
 */
export async function pollDirectoryChanges<M>(ctx: IPollFunctions, spec: DirectoryChangesProvider<M>): Promise<INodeExecutionData[][] | null> {
	const options = ctx.getNodeParameter('options', {}) as ChangesOptions;
	const wanted = ctx.getNodeParameter('changes', []) as string[];
	const listen = new Set<string>(wanted.length ? wanted : CHANGE_TYPES);
	const keepProfiles = options.keepProfiles === true;
	const data = ctx.getWorkflowStaticData('node');
	const previous = data[SNAPSHOT_KEY] as unknown as Snapshot | undefined;
	const manual = ctx.getMode() === 'manual';
	const now = new Date();
	let read: ReadState;
	try {
		read = await readDirectory(ctx, spec, options.onDepartmentError ?? 'skip');
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), redact(error instanceof Error ? error.message : String(error)));
	}
	const compatible = previous && previous.v === 1 && previous.provider === spec.provider;
	const extra: IDataObject = read.unreadable.length ? { incompleteRead: true, unreadableDepartments: read.unreadable } : {};
	if (read.unreadable.length) ctx.logger.warn(`${ctx.getNode().name}: ${read.unreadable.length} department(s) could not be read; no leavers reported this poll`);

	if (!compatible) {
		const empty: Snapshot = { v: 1, provider: spec.provider, takenAt: now.toISOString(), members: '', departments: [] };
		const { changes, snapshot } = compare(empty, read, { provider: spec.provider, keepProfiles, now });
		const joined = changes.filter((c) => c.change === 'member.joined');
		if (manual) return [sample(read, spec.label, now.toISOString(), joined)];
		data[SNAPSHOT_KEY] = snapshot as unknown as IDataObject;
		if (options.emitAllOnFirstPoll !== true || !listen.has('member.joined') || joined.length === 0) return null;
		return [toItems(joined, spec.provider, now.toISOString(), { firstPoll: true, ...extra })];
	}
	const { changes, snapshot } = compare(previous, read, { provider: spec.provider, keepProfiles, now });
	const selected = changes.filter((c) => listen.has(c.change));
	if (manual) return [selected.length ? toItems(selected, spec.provider, now.toISOString(), extra) : sample(read, spec.label, now.toISOString(), [])];
	data[SNAPSHOT_KEY] = snapshot as unknown as IDataObject;
	return selected.length ? [toItems(selected, spec.provider, now.toISOString(), extra)] : null;
}

/** What "Fetch Test Event" shows when nothing changed: a member of the directory as a "joined" item, marked as a sample. */
function sample(read: ReadState, label: string, detectedAt: string, joined: Change[]): INodeExecutionData[] {
	const first = joined[0] ?? (read.members[0] ? { change: 'member.joined', userId: read.members[0].id, name: read.members[0].profile.name, departments: read.members[0].departments, profile: read.members[0].profile } : undefined);
	const json: IDataObject = first
		? { ...(first as IDataObject), detectedAt, sample: true, sampleNote: `A sample built from the ${label} directory as read now. The snapshot was not changed.` }
		: { change: 'member.joined', sample: true, sampleNote: `The ${label} directory has no members to sample from.`, detectedAt };
	return [{ json }];
}

/** Tracked fields: the non-empty ones among `keys`. */
export function pickProfile(record: Record<string, unknown>, keys: readonly string[]): Profile {
	const profile: Profile = {};
	for (const key of keys) {
		const value = record[key];
		if (typeof value === 'string' ? value !== '' : typeof value === 'number' || typeof value === 'boolean') profile[key] = value as string | number | boolean;
	}
	return profile;
}
