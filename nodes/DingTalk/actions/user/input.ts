import type { IDataObject } from 'n8n-workflow';

import { withField } from '../../../shared/errors';

/**
 * A user collection from the node's parameters in the neutral input shape of
 * lib/dingtalk/userInput.ts: fixedCollections flattened, JSON defaults left out.
 */
export function userFieldsFromParameters(collection: IDataObject): IDataObject {
	const input: IDataObject = { ...collection };
	for (const key of ['deptOrders', 'deptTitles']) {
		const group = input[key] as { values?: IDataObject[] } | undefined;
		if (group && typeof group === 'object' && !Array.isArray(group)) input[key] = group.values ?? [];
	}
	// The JSON fields' defaults mean "not set".
	for (const [key, empty] of [
		['extension', '{}'],
		['extensionI18n', '{}'],
		['deptPositions', '[]'],
	] as const) {
		if (typeof input[key] === 'string' && (input[key] as string).replace(/\s/g, '') === empty) delete input[key];
	}
	return input;
}

/** DingTalk refusals that are about one input field: the error item names it (details.field). */
const FIELD_OF_ERRCODE: Record<string, string> = {
	'60003': 'Departments',
	'60104': 'Mobile',
	'60102': 'User ID',
	'40022': 'Mobile',
};

export function namedField(error: unknown): unknown {
	return withField(error, FIELD_OF_ERRCODE);
}
