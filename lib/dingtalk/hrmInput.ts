import { InputValidationError } from '../transport/errors';
import { scalarText } from '../transport/inputText';
import type { OnJobStatus } from './hrm';
import { ON_JOB_STATUSES, ROSTER_FIELD_MAX } from './hrm';
import { isBlank, requireDateMs, requireUserIds } from './validate';

/** HR roster input rules (docs/dingtalk-hrm-reference.md), checked before any call so the error names the field. */

/** The AgentId of the app (a positive whole number; the roster read needs it). */
export function requireAgentId(value: unknown, field = 'Agent ID'): number {
	const text = typeof value === 'number' ? String(value) : (scalarText(value, field) ?? '');
	if (!/^\d{1,15}$/.test(text) || Number(text) < 1) {
		throw new InputValidationError(
			field,
			'must be the AgentId of your DingTalk app, a positive whole number (developer console → your app → Basic information → AgentId)',
		);
	}
	return Number(text);
}

/** Roster field codes ("sys00-name", "sys01-regularTime", a custom field's id): a list or text separated by commas; none means every field. */
export function requireFieldCodes(value: unknown, field = 'Field Codes', max = ROSTER_FIELD_MAX): string[] {
	if (value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) {
		throw new InputValidationError(field, 'must be field codes separated by commas, or a list of them');
	}
	const parts = Array.isArray(value) ? value.map((v) => scalarText(v, field) ?? '') : (scalarText(value, field) ?? '').split(/[,，\s]+/);
	const codes = [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
	for (const code of codes) {
		if (!/^[A-Za-z0-9_-]{1,64}$/.test(code)) {
			throw new InputValidationError(field, `"${code}" is not a roster field code (letters, digits, "-" and "_", such as sys00-name or sys01-regularTime)`);
		}
	}
	if (codes.length > max) throw new InputValidationError(field, `takes at most ${max} field codes (got ${codes.length})`);
	return codes;
}

/** The on-the-job sub-statuses to list: at least one of probation, regular, toBeResigned, noStatus. */
export function requireOnJobStatuses(value: unknown, field = 'Statuses'): OnJobStatus[] {
	const list = Array.isArray(value) ? value : isBlank(value) ? [] : String(value).split(/[,，\s]+/);
	const allowed = Object.keys(ON_JOB_STATUSES) as OnJobStatus[];
	const out: OnJobStatus[] = [];
	for (const entry of list) {
		const key = String(entry).trim();
		if (key === '') continue;
		if (!(allowed as string[]).includes(key)) throw new InputValidationError(field, `"${key}" is not one of ${allowed.join(', ')}`);
		if (!out.includes(key as OnJobStatus)) out.push(key as OnJobStatus);
	}
	if (out.length === 0) throw new InputValidationError(field, 'choose at least one status');
	return out;
}

/** The userids of a roster read: at least one, at most `max` (sent 100 per call). */
export function requireRosterUserIds(value: unknown, field = 'User IDs', max = 10_000): string[] {
	const ids = requireUserIds(value, field);
	if (ids.length === 0) throw new InputValidationError(field, 'needs at least one userid');
	if (ids.length > max) throw new InputValidationError(field, `takes at most ${max} userids (got ${ids.length})`);
	return ids;
}

export interface DateRange {
	from?: number;
	to?: number;
}

/** A date an expression may hand over as an object: a JavaScript Date or a Luxon DateTime ($now, $today). */
function dateInput(value: unknown): unknown {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid date' : value.getTime();
	const millis = (value as { toMillis?: unknown } | null)?.toMillis;
	if (value !== null && typeof value === 'object' && typeof millis === 'function') return (millis as () => number).call(value);
	return value;
}

/** An optional date range (either end may be blank); `from` after `to` is refused. */
export function optionalDateRange(fromValue: unknown, toValue: unknown, fromField: string, toField: string): DateRange {
	const range: DateRange = {};
	const from = dateInput(fromValue);
	const to = dateInput(toValue);
	if (!isBlank(from)) range.from = requireDateMs(from, fromField);
	if (!isBlank(to)) range.to = requireDateMs(to, toField);
	if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
		throw new InputValidationError(toField, `must not be before "${fromField}"`);
	}
	return range;
}
