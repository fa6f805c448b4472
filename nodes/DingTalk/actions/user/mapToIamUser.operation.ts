import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toIamUserFromDingTalk } from '../../../../lib/directory/mapping/mapping';
import { carryReadMarks } from '../../../shared/descriptions';
import { dingTalkMapFlavour, mapProperties, readMappingOptions } from '../../../shared/mapToIamUser';

/** Mapping is local: no DingTalk call, so the router builds no client for it. */
export const needsClient = false;

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['mapToIamUser'] } },
	mapProperties(dingTalkMapFlavour),
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const options = await readMappingOptions(this, i, dingTalkMapFlavour);
	const user = this.getInputData()[i].json;
	return carryReadMarks(user, toIamUserFromDingTalk(user, options) as unknown as IDataObject);
}
