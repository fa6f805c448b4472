export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A call's result or the error it threw. Callers that treat some failures as answers (a 409
 * meaning "exists", a 501 meaning "no PATCH here") decide outside a catch block, where a
 * failure they do not handle is thrown on unchanged.
 */
export async function settle<T>(fn: () => Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await fn() };
	} catch (error) {
		return { ok: false, error };
	}
}
