import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import { InputValidationError } from '../../../../lib/transport/errors';
import { forItem, readUserInput, userDataFields } from '../common';

const properties: INodeProperties[] = [
	{
		displayName:
			'Only the fields given are written (Casdoor\'s "columns"); every other field of the user stays as it is. Empty values are ignored.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	...userDataFields(['update'], false),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: CasdoorClient): Promise<IDataObject> {
	const input = readUserInput(this, i, client);
	const columns = Object.keys(input.fields);
	if (columns.length === 0) throw new InputValidationError('fields', 'nothing to update: give at least one field besides the name');
	const affected = await forItem(input, async () => await client.updateUser(input.owner, input.name, input.fields, columns));
	return { action: affected ? 'updated' : 'unchanged', owner: input.owner, name: input.name, columns };
}
