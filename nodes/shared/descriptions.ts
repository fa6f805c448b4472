import type { INodeProperties } from 'n8n-workflow';

/** Return All + Limit, as every n8n list operation has them. */
export function returnAllAndLimit(show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

export function readLimit(getParam: (name: string) => unknown): number | undefined {
	return getParam('returnAll') ? undefined : Math.max(1, Number(getParam('limit')) || 50);
}
