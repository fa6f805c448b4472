/**
 * A callback request that must be refused without starting a run. The status is what the
 * sender gets: 400 for a body that is not what the provider sends (malformed, oversized,
 * undecryptable), 403 for one that is well formed but not authentic or not for us (bad
 * signature, stale timestamp, another corp's receive ID).
 */
export class CallbackRejection extends Error {
	readonly status: 400 | 403;

	constructor(status: 400 | 403, reason: string) {
		super(reason);
		this.name = 'CallbackRejection';
		this.status = status;
	}
}
