import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import { userNameField } from '../common';
import { setForbidden } from './setForbidden';

const properties: INodeProperties[] = [userNameField];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['unforbid'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: CasdoorClient): Promise<IDataObject> {
	return await setForbidden(this, i, client, false);
}
