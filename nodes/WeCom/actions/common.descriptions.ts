import type { INodeProperties } from 'n8n-workflow';

export { departmentLocator } from '../../shared/descriptions';

export const memberOutputField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	description: 'The shape of each output item',
	type: 'options',
	default: 'simplified',
	options: [
		{
			name: 'Simplified',
			value: 'simplified',
			description: 'Readable field names, status and gender as words, departments with names and paths',
		},
		{
			name: 'Raw',
			value: 'raw',
			description: 'The fields exactly as WeCom returns them, plus department_names and department_paths',
		},
		{
			name: 'Compact (for Large Directories)',
			value: 'compact',
			description: 'The raw fields that Map to IAM User and the syncs read, with department paths: leaves out order, extended and external profile, QR code and thumbnail, and department names. About half the memory of Raw.',
		},
	],
};
