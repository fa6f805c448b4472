import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { WeComCallbackConfig } from '../../lib/wecom/callback';
import { openEvent, verifyUrl } from '../../lib/wecom/callback';
import { normaliseWeComEvent, weComEventIdentity, WECOM_CHANGE_TYPES } from '../../lib/wecom/contactEvent';
import { check, rawBodyOf, refuse, respond } from '../shared/callbackHttp';
import type { CallbackCredentialFields } from '../shared/callbackCredential';
import { loadCallbackSecrets } from '../shared/callbackCredential';
import { isDuplicate, readCallbackOptions } from '../shared/callbackOptions';
import { withMemberProfile } from './profiles';

export const WECOM_CALLBACK_FIELDS: CallbackCredentialFields = {
	type: 'weComCallbackApi',
	provider: 'WeCom',
	token: 'token',
	encodingAESKey: 'encodingAesSecretKey',
	receiveId: 'corpId',
	receiveIdLabel: 'Corp ID',
};

async function configOf(ctx: IWebhookFunctions): Promise<WeComCallbackConfig> {
	const secrets = await loadCallbackSecrets(ctx, WECOM_CALLBACK_FIELDS);
	return {
		token: secrets.token,
		encodingAESKey: secrets.encodingAESKey,
		corpId: secrets.receiveId,
		toleranceSeconds: readCallbackOptions(ctx).toleranceSeconds,
	};
}

/** GET: WeCom checks the URL when it is saved. Answer the decrypted echostr, byte for byte; no run. */
export async function answerUrlCheck(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const config = await configOf(this);
	const result = check(this, () => verifyUrl(config, this.getQueryData() as Record<string, unknown>, Date.now()));
	if (!result.ok) return refuse(this, result.rejection);
	respond(this, 200, result.value);
	return { noWebhookResponse: true };
}

/**
 * POST: one contact-change event. Answered with an empty 200 as soon as it is authentic
 * (WeCom retries after 5 s without one), before the run starts; events of types the node
 * does not listen to, and duplicates, are acknowledged the same way and start no run.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const config = await configOf(this);
	const { dedupeWindowMs, profilesKept } = readCallbackOptions(this);
	const body = await rawBodyOf(this);
	const now = Date.now();
	const opened = check(this, () => openEvent(config, this.getQueryData() as Record<string, unknown>, body, now));
	if (!opened.ok) return refuse(this, opened.rejection);
	const raw = opened.value;
	respond(this, 200, '');

	const wanted = this.getNodeParameter('changeTypes', []) as string[];
	const listenTo = wanted.length ? wanted : [...WECOM_CHANGE_TYPES];
	if (raw.Event !== 'change_contact' || typeof raw.ChangeType !== 'string' || !listenTo.includes(raw.ChangeType)) {
		return { noWebhookResponse: true };
	}
	if (isDuplicate(this, weComEventIdentity(raw), dedupeWindowMs, now)) {
		this.logger.debug(`${this.getNode().name}: ignored a duplicate ${raw.ChangeType} event`);
		return { noWebhookResponse: true };
	}
	const item = await withMemberProfile(this, normaliseWeComEvent(raw) as IDataObject, profilesKept);
	return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
}
