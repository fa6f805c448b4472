import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Sync Users parameters every target shares: the mode and the guard options. */

export const syncModeField: INodeProperties = {
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	default: 'dryRun',
	options: [
		{ name: 'Dry Run', value: 'dryRun', description: 'Output the plan; write nothing' },
		{ name: 'Apply', value: 'apply', description: 'Execute the plan: creates and updates first, removals last' },
	],
};

/**
 * The guard options every Sync operation offers: Allow Large Removals, Include Unchanged
 * (`subject`: "user", "role") and Max Removals, described for what that sync removes.
 */
export function syncGuardOptions(subject: string, maxRemovalsDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Allow Large Removals',
			name: 'allowLargeRemovals',
			type: 'boolean',
			default: false,
			description:
				'Whether to apply even when the removals exceed Max Removals or the input is empty. Use it once for a deliberate reorganisation, then turn it off.',
		},
		{
			displayName: 'Include Unchanged',
			name: 'includeUnchanged',
			type: 'boolean',
			default: false,
			description: `Whether to output an item for every unchanged ${subject} too (the summary always counts them)`,
		},
		{
			displayName: 'Max Removals (%)',
			name: 'maxRemovalPercent',
			type: 'number',
			default: 20,
			typeOptions: { minValue: 0, maxValue: 100 },
			description: maxRemovalsDescription,
		},
		{
			displayName: 'Max Removals (Count)',
			name: 'maxRemovalCount',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description: 'Also stop before any write when more than this many would be removed, whatever the share. 0 means no count limit (the percentage still applies).',
		},
	];
}

/**
 * "Input Is the Complete Source": the one way input that carries no directory-read mark
 * (a spreadsheet, an HR export, a list rebuilt by a Code node) may remove anything.
 */
export const inputIsCompleteOption: INodeProperties = {
	displayName: 'Input Is the Complete Source',
	name: 'inputIsComplete',
	type: 'boolean',
	default: false,
	description:
		'Whether the input is every user of the source, so that users missing from it may be removed. Off: removals happen only when the input comes unfiltered from a complete directory read (Get All in Directory with Return All on); otherwise they are held and listed. Turn on for input from another system, or after a node that rebuilds or filters the list on purpose. A read that says itself it is incomplete still holds removals.',
};

/** "Users of the source's existing users" reads "forbid or delete" (Casdoor) or "deactivate or delete" (SCIM). */
export function syncOptionsField(removalVerbs: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'syncOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			inputIsCompleteOption,
			...syncGuardOptions('user', `Stop before any write when the users to ${removalVerbs} exceed this share of the source's existing users`),
		],
	};
}

export interface SyncRunOptions {
	mode: 'dryRun' | 'apply';
	allowLargeRemovals: boolean;
	includeUnchanged: boolean;
	maxRemovalPercent: number;
	/** 0: no count limit. */
	maxRemovalCount: number;
	inputIsComplete: boolean;
}

/** Mode and options, read once for the whole run (item 0). */
export function readSyncRunOptions(ctx: IExecuteFunctions): SyncRunOptions {
	const options = ctx.getNodeParameter('syncOptions', 0, {}) as Partial<SyncRunOptions>;
	return {
		mode: ctx.getNodeParameter('mode', 0) as 'dryRun' | 'apply',
		allowLargeRemovals: options.allowLargeRemovals === true,
		includeUnchanged: options.includeUnchanged === true,
		maxRemovalPercent: options.maxRemovalPercent ?? 20,
		maxRemovalCount: Math.max(0, Math.floor(Number(options.maxRemovalCount ?? 0)) || 0),
		inputIsComplete: options.inputIsComplete === true,
	};
}
