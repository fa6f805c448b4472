import { DirectoryApiError } from '../transport/errors';

/**
 * The same failure with the hint a caller knows to be right: an errcode can mean different
 * things on different APIs (48002 on a write means "use the contacts-sync secret", on
 * message/send "use the app's secret"). Anything else passes through unchanged.
 */
export function explain(error: unknown, hints: Record<number, string>): unknown {
	if (!(error instanceof DirectoryApiError) || typeof error.errcode !== 'number') return error;
	const hint = hints[error.errcode];
	return hint ? error.withDetails({ hint }) : error;
}
