import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toIamUserFromWeCom } from '../../../../lib/directory/mapping/mapping';
import { carryReadMarks } from '../../../shared/descriptions';
import { mapProperties, readMappingOptions, weComMapFlavour } from '../../../shared/mapToIamUser';

/** Mapping is local: no WeCom call, so the router builds no client for it. */
export const needsClient = false;

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['mapToIamUser'] } },
	mapProperties(weComMapFlavour),
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const options = await readMappingOptions(this, i, weComMapFlavour);
	const member = this.getInputData()[i].json;
	return carryReadMarks(member, toIamUserFromWeCom(member, options) as unknown as IDataObject);
}
