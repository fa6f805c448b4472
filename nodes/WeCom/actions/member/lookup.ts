import type { INodeProperties } from 'n8n-workflow';

export const lookupDetailsField: INodeProperties = {
	displayName: 'Include Member Details',
	name: 'details',
	type: 'boolean',
	default: true,
	description:
		'Whether to read the member after finding the userid (one more call; needs a secret that can read details). Off returns only the userid.',
};
