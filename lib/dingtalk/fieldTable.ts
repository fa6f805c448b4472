import type { IDataObject } from 'n8n-workflow';

import { isBlank } from './validate';

/** One input field: the API parameter it becomes, its label for errors, and its check. */
export interface FieldRule {
	api: string;
	label: string;
	/** Validates and converts; throws InputValidationError naming `label`. */
	parse: (value: unknown, label: string) => unknown;
}

/**
 * Turn camelCase input (node parameters) into the API body, checking every field given.
 * Blank values are omitted, not sent: an empty parameter never clears a field upstream.
 */
export function applyFields(table: Record<string, FieldRule>, input: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(input)) {
		const rule = table[key];
		if (!rule || isBlank(value)) continue;
		if (Array.isArray(value) && value.length === 0) continue;
		body[rule.api] = rule.parse(value, rule.label) as IDataObject[string];
	}
	return body;
}
