import type { INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { processStore, replayKey, seenBefore } from '../../lib/transport/replayGuard';
import type { SeenStore } from '../../lib/transport/replayGuard';
import { DEFAULT_PROFILES_KEPT, profilesKeptOption } from './leaverProfile';

/** Options both signed-callback triggers share. */
export const callbackOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Ignore Duplicates For (Minutes)',
			name: 'dedupeWindowMinutes',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 0 },
			description:
				'An event delivered again within this time (a retry, a duplicate) starts no second run. 0 turns this off. Keep the workflow idempotent anyway: with several webhook processes a duplicate can reach a process that has not seen the first delivery.',
		},
		{
			displayName: 'Timestamp Tolerance (Seconds)',
			name: 'timestampToleranceSeconds',
			type: 'number',
			default: 300,
			typeOptions: { minValue: 1 },
			description:
				"Requests whose signed timestamp is further than this from the n8n server's clock are refused (403), so a captured request cannot be replayed later. Keep the server clock in sync (NTP).",
		},
		profilesKeptOption,
	],
};

export interface CallbackOptions {
	toleranceSeconds: number;
	dedupeWindowMs: number;
	profilesKept: number;
}

/** Profiles Kept for Leavers, read from any trigger's options collection. */
export function profilesKeptOf(options: { profilesKept?: unknown }): number {
	const kept = Number(options.profilesKept ?? DEFAULT_PROFILES_KEPT);
	return Number.isFinite(kept) && kept >= 0 ? Math.floor(kept) : DEFAULT_PROFILES_KEPT;
}

export function readCallbackOptions(ctx: IWebhookFunctions): CallbackOptions {
	const options = ctx.getNodeParameter('options', {}) as { dedupeWindowMinutes?: number; timestampToleranceSeconds?: number; profilesKept?: number };
	const tolerance = Number(options.timestampToleranceSeconds ?? 300);
	const minutes = Number(options.dedupeWindowMinutes ?? 10);
	return {
		toleranceSeconds: Number.isFinite(tolerance) && tolerance > 0 ? tolerance : 300,
		dedupeWindowMs: Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 0,
		profilesKept: profilesKeptOf(options),
	};
}

/** At most this many remembered events per trigger in the workflow's static data (about 34 bytes each). */
const PERSISTED_MAX = 2000;
const PROCESS_MAX = 20000;

/**
 * Whether this event was already accepted within the window. Two memories are checked
 * and both are updated:
 * - the node's static data, which n8n saves to its database after each webhook request and
 *   loads again for the next one, so it survives restarts and is seen by every webhook
 *   process — but each request works on its own copy, so two deliveries arriving at the
 *   same moment both pass it, and with several processes the last save wins;
 * - a store in this process, which catches those simultaneous deliveries.
 */
export function isDuplicate(ctx: IWebhookFunctions, identity: string[], windowMs: number, nowMs: number): boolean {
	if (windowMs <= 0) return false;
	const key = replayKey(identity);
	const local = processStore(`${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}`);
	const data = ctx.getWorkflowStaticData('node');
	if (!data.seenEvents || typeof data.seenEvents !== 'object') data.seenEvents = {};
	const persisted = data.seenEvents as SeenStore;
	const seenHere = seenBefore(local, key, nowMs, windowMs, PROCESS_MAX);
	const seenAnywhere = seenBefore(persisted, key, nowMs, windowMs, PERSISTED_MAX);
	return seenHere || seenAnywhere;
}
