import type { INodeProperties } from 'n8n-workflow';

/** Delete and Delete Many: a member who is already gone is an error, or the goal reached (safe re-runs of an offboarding workflow). */
export const ifMissingField: INodeProperties = {
	displayName: 'If the Member Does Not Exist',
	name: 'ifMissing',
	type: 'options',
	default: 'fail',
	description: 'What to do when WeCom has no member with the userid (60111): deleted before, left, or a typo',
	options: [
		{ name: 'Fail the Item', value: 'fail', description: 'Report it as an error for this item' },
		{ name: 'Skip', value: 'skip', description: 'Treat it as done and report it under notFound' },
	],
};

export type IfMissing = 'fail' | 'skip';
