import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { listTags } from '../../../../lib/wecom/tags';
import { markRead, readLimit, returnAllAndLimit } from '../../../shared/descriptions';

const properties: INodeProperties[] = [...returnAllAndLimit({})];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['getMany'] } }, properties);

/** tag/list: every tag of the corp (either secret), one item per tag. */
export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject[]> {
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const tags = await listTags(client);
	const items: IDataObject[] = (limit === undefined ? tags : tags.slice(0, limit)).map((t) => ({ tagId: t.tagid, tagName: t.tagname }));
	// Marked so that Sync Roles can tell the whole tag list from a limited or filtered one.
	return markRead(items, { provider: 'wecom', scope: 'directory' }, limit !== undefined && tags.length > limit);
}
