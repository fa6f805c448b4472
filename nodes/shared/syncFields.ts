import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FieldRule, LinkField } from '../../lib/directory/engine/syncTypes';

/** Sync Users parameters every target shares: the mode and the guard options. */

export const syncModeField: INodeProperties = {
	displayName: 'Mode',
	name: 'mode',
	description: 'Dry Run shows what the sync would do; Apply does it. Start with Dry Run.',
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

/** "Match Existing Users By": account linking (PlanPolicy.linkBy); `jobNumber` says what the target compares for it. */
export function matchExistingField(jobNumber: string): INodeProperties {
	return {
		displayName: 'Match Existing Users By',
		name: 'linkBy',
		type: 'options',
		default: 'none',
		options: [
			{ name: 'None', value: 'none', description: 'Never adopt a user the sync did not create (a local user with the same name is skipped)' },
			{ name: 'Email', value: 'email', description: 'Adopt a user owned by no source whose e-mail equals the directory e-mail (case-insensitive)' },
			{ name: 'Phone', value: 'phone', description: 'Adopt a user owned by no source whose phone number has the same digits (+86 or not)' },
			{ name: 'Job Number', value: 'jobNumber', description: jobNumber },
			{ name: 'External ID', value: 'externalId', description: 'Adopt a user owned by no source whose external ID is the directory user ID' },
		],
		description:
			'How to take over accounts that existed before the sync: a user owned by no source whose value matches exactly one directory user is linked (Dry Run shows "link"; Apply writes the source mark and the mapped fields). Two candidates are reported as a conflict and nothing is linked. Users of another source are never taken over.',
	};
}

/** "Field Update Rules": per mapped field, who wins once the user exists (PlanPolicy.fieldRules). */
export function fieldRulesField(fields: Array<{ name: string; value: string }>): INodeProperties {
	return {
		displayName: 'Field Update Rules',
		name: 'fieldRules',
		type: 'fixedCollection',
		placeholder: 'Add Field Rule',
		default: {},
		typeOptions: { multipleValues: true },
		description: 'Fields not listed here are kept equal to the directory (Directory Wins). A new user always gets every mapped field.',
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{ displayName: 'Field', name: 'field', description: 'The user field this rule is for', type: 'options', default: '', options: fields },
					{
						displayName: 'Update',
						name: 'update',
						description: 'When the sync may change this field on an existing user',
						type: 'options',
						default: 'directory',
						options: [
							{ name: 'Directory Wins', value: 'directory', description: 'Overwrite the stored value whenever the directory differs' },
							{ name: 'Fill Only If Empty', value: 'fillEmpty', description: 'Write the directory value only where the stored one is empty' },
							{ name: 'Never Update', value: 'never', description: 'Keep what is stored (e.g. display names edited in the IAM)' },
						],
					},
				],
			},
		],
	};
}

export interface LinkAndFieldRules {
	linkBy?: LinkField;
	fieldRules?: Record<string, FieldRule>;
}

const LINK_FIELDS: readonly string[] = ['email', 'phone', 'jobNumber', 'externalId'];
const FIELD_RULES: readonly string[] = ['directory', 'fillEmpty', 'never'];

/** The linking choice and the field rules, read once for the run (item 0). */
export function readLinkAndFieldRules(ctx: IExecuteFunctions): LinkAndFieldRules {
	const linkBy = String(ctx.getNodeParameter('linkBy', 0, 'none'));
	const entries = (ctx.getNodeParameter('fieldRules', 0, {}) as { rule?: Array<{ field?: string; update?: string }> }).rule ?? [];
	const fieldRules: Record<string, FieldRule> = {};
	for (const { field, update } of entries) {
		if (field && update && FIELD_RULES.includes(update)) fieldRules[field] = update as FieldRule;
	}
	return {
		...(LINK_FIELDS.includes(linkBy) ? { linkBy: linkBy as LinkField } : {}),
		...(Object.keys(fieldRules).length > 0 ? { fieldRules } : {}),
	};
}
