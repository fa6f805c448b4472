import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IHookFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CallbackSecrets } from '../../lib/callback/callbackCredential';
import { callbackCredentialProblem } from '../../lib/callback/callbackCredential';
import { registerSecret } from '../../lib/transport/redact';

/** Where a callback credential type keeps its three values. */
export interface CallbackCredentialFields {
	type: string;
	provider: string;
	token: string;
	encodingAESKey: string;
	receiveId: string;
	receiveIdLabel: string;
}

export function secretsOf(data: ICredentialDataDecryptedObject | undefined, fields: CallbackCredentialFields): CallbackSecrets {
	const value = (name: string) => String(data?.[name] ?? '').trim();
	const secrets = {
		token: value(fields.token),
		encodingAESKey: value(fields.encodingAESKey),
		receiveId: value(fields.receiveId),
		receiveIdLabel: fields.receiveIdLabel,
	};
	registerSecret(secrets.token);
	registerSecret(secrets.encodingAESKey);
	return secrets;
}

/** The credential's values, or a node error that says what to fix (the trigger cannot check anything without them). */
export async function loadCallbackSecrets(ctx: IWebhookFunctions | IHookFunctions, fields: CallbackCredentialFields): Promise<CallbackSecrets> {
	const secrets = secretsOf((await ctx.getCredentials(fields.type)) as ICredentialDataDecryptedObject, fields);
	const problem = callbackCredentialProblem(secrets);
	if (problem) throw new NodeOperationError(ctx.getNode(), `${fields.provider} callback credential: ${problem}`);
	return secrets;
}

/** "Test connection" for a callback credential: a local format check, since there is nothing to call. */
export function testCallbackCredential(credential: ICredentialsDecrypted, fields: CallbackCredentialFields): INodeCredentialTestResult {
	const problem = callbackCredentialProblem(secretsOf(credential.data, fields));
	if (problem) return { status: 'Error', message: problem };
	return {
		status: 'OK',
		message: `The values are well formed. ${fields.provider} checks them against its own when you save the callback URL.`,
	};
}

/**
 * Webhook lifecycle for callbacks whose URL the user enters by hand in the vendor's console
 * (WeCom contacts sync, DingTalk event subscription): there is nothing to register or
 * remove, so activation only checks the credential, and a malformed Token or key fails
 * there with the fix instead of making every callback fail later.
 */
export function manualCallbackHooks(fields: CallbackCredentialFields) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await loadCallbackSecrets(this, fields);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};
}
