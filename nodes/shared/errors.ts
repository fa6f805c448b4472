import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ConfigurationError, DirectoryApiError, InputValidationError, isRunFatal as isFatalApiError } from '../../lib/transport/errors';
import { redact, redactValue } from '../../lib/transport/redact';

/**
 * True when the error would fail every further item the same way — the run is misconfigured,
 * or the service is down after every retry: report it once, do not repeat it per item.
 */
export function isRunFatal(error: unknown): boolean {
	return error instanceof ConfigurationError || isFatalApiError(error);
}

/** Turn any failure into the n8n error type the UI expects, with nothing secret in it. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof DirectoryApiError) {
		const body = error.toJSON() as JsonObject;
		const err = new NodeApiError(node, body, {
			message: redact(error.message),
			description: error.hint ? redact(error.hint) : undefined,
			httpCode: error.httpStatus ? String(error.httpStatus) : undefined,
			itemIndex,
		});
		return err;
	}
	if (error instanceof ConfigurationError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	if (error instanceof InputValidationError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: `Fix "${error.field}" in the node parameters or the input item, then run again.`,
		});
	}
	const message = redact(error instanceof Error ? error.message : String(error));
	return new NodeOperationError(node, message, { itemIndex });
}

/**
 * The json of an error item for "Continue on fail": `error` (the message) and `message`
 * (what to act on: the fix, errcode, field, API path). Only these two keys, because n8n
 * routes an item to the error output by its shape, and the shape both engines accept is
 * {error} or {error, message}: n8n 2.8 (the last release on Node 20) takes exactly those,
 * n8n 2.41 any of error/message/details. Setting `item.error` instead would route it too,
 * but n8n 2.41 then replaces the json with the bare message and the fix is lost.
 */
export function errorJson(error: NodeApiError | NodeOperationError, cause: unknown): JsonObject {
	const details: JsonObject = {};
	if (error.description) details.description = redact(error.description);
	if (cause instanceof DirectoryApiError) {
		if (cause.errcode !== undefined) details.errcode = cause.errcode;
		if (cause.httpStatus !== undefined) details.httpStatus = cause.httpStatus;
		details.path = cause.path;
		// What the node learned while handling it (who holds a mobile number, which userids were missing).
		if (cause.context) Object.assign(details, redactValue(cause.context) as JsonObject);
	}
	if (cause instanceof InputValidationError) details.field = cause.field;
	const json: JsonObject = { error: redact(error.message) };
	if (Object.keys(details).length > 0) json.message = details;
	return json;
}

/**
 * An API refusal that is about one input field (an unknown department, a taken mobile): the
 * error item names the field (details.field) as a validation error would. `fields` maps the
 * provider's errcodes to the node's field labels.
 */
export function withField(error: unknown, fields: Record<string, string>): unknown {
	if (error instanceof DirectoryApiError && error.errorClass === 'item') {
		const field = fields[String(error.errcode)];
		if (field) return error.withDetails({ context: { field } });
	}
	return error;
}
