import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { DingTalkCallbackConfig } from '../../lib/dingtalk/callback';
import { openDingTalkEvent, successReply } from '../../lib/dingtalk/callback';
import { DINGTALK_CONTACT_EVENTS, dingTalkEventIdentity, dingTalkEventItems, eventTypeOf } from '../../lib/dingtalk/contactEvent';
import { check, rawBodyOf, refuse, respond } from '../shared/callbackHttp';
import type { CallbackCredentialFields } from '../shared/callbackCredential';
import { loadCallbackSecrets } from '../shared/callbackCredential';
import { isDuplicate, readCallbackOptions } from '../shared/callbackOptions';
import { dingTalkPollClient } from '../shared/pollClients';
import { DINGTALK_PROFILE_FIELDS } from '../shared/profileFields';
import { withUserProfiles } from './profiles';
import { handOffManualRun } from './manualHandoff';

export const DINGTALK_CALLBACK_FIELDS: CallbackCredentialFields = {
	type: 'dingTalkCallbackApi',
	provider: 'DingTalk',
	token: 'token',
	encodingAESKey: 'aesSecretKey',
	receiveId: 'appKey',
	receiveIdLabel: 'App Key or Corp ID',
};

/**
 * One HTTP event callback. Every authentic request — `check_url` when the URL is saved,
 * events the node does not listen to, duplicates, real events — is answered at once with
 * the encrypted "success" DingTalk requires (it allows 1.5–2.5 s, and retries otherwise);
 * only real, new, selected events start a run, with one item per affected user or
 * department.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const secrets = await loadCallbackSecrets(this, DINGTALK_CALLBACK_FIELDS);
	const options = readCallbackOptions(this);
	const config: DingTalkCallbackConfig = {
		token: secrets.token,
		encodingAESKey: secrets.encodingAESKey,
		ownerKey: secrets.receiveId,
		toleranceSeconds: options.toleranceSeconds,
	};
	const body = await rawBodyOf(this);
	const now = Date.now();
	const opened = check(this, () => openDingTalkEvent(config, this.getQueryData() as Record<string, unknown>, body, now));
	if (!opened.ok) return refuse(this, opened.rejection);
	const event = opened.value;
	respond(this, 200, JSON.stringify(successReply(config, Date.now())), 'application/json; charset=utf-8');

	const eventType = eventTypeOf(event);
	const wanted = this.getNodeParameter('events', []) as string[];
	const listenTo: string[] = wanted.length ? wanted : [...DINGTALK_CONTACT_EVENTS];
	if (!eventType || !listenTo.includes(eventType)) return { noWebhookResponse: true };
	const items = dingTalkEventItems(event);
	if (!items.length) return { noWebhookResponse: true };
	if (isDuplicate(this, dingTalkEventIdentity(event), options.dedupeWindowMs, now)) {
		this.logger.debug(`${this.getNode().name}: ignored a duplicate ${eventType} event`);
		return { noWebhookResponse: true };
	}
	const withProfiles = await withUserProfiles(eventType, items as IDataObject[], {
		staticData: this.getWorkflowStaticData('node'),
		profilesKept: options.profilesKept,
		client: this.getNodeParameter('fetchProfiles', false) === true ? async () => await dingTalkPollClient(this) : undefined,
		fields: DINGTALK_PROFILE_FIELDS,
	});
	const workflowData = [withProfiles.map((json) => ({ json }))];
	handOffManualRun(this, workflowData);
	return { noWebhookResponse: true, workflowData };
}
