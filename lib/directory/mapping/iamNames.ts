import { createHash } from 'node:crypto';

/** Casdoor's user-name rule (util/validation.go ReUserName). */
export const CASDOOR_NAME_PATTERN = /^[a-zA-Z0-9]+([-._][a-zA-Z0-9]+)*$/;

/** Casdoor keeps group names in varchar(100). */
const GROUP_NAME_MAX = 100;

function shortHash(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
}

export type NameRule = 'keep' | 'sanitize';

/**
 * A valid Casdoor user name for a source id. A valid id is kept as it is (so names match
 * what Casdoor's own syncer creates). Otherwise: accents are folded (é → e, full-width
 * letters → ASCII), every run of other characters becomes "-" (a lone "-", "." or "_" is
 * kept), separators are trimmed, and an 8-hex hash of the raw id is appended. The hash
 * keeps the transform one-to-one: "a@b" and "a#b" would otherwise both become "a-b". An id
 * with nothing usable (e.g. all Chinese) becomes "u-<hash>". The raw id stays in externalId.
 */
export function sanitizeUserName(raw: string): string {
	if (CASDOOR_NAME_PATTERN.test(raw)) return raw;
	const folded = raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
	const stem = folded
		.replace(/[^a-zA-Z0-9]+/g, (run) => (run.length === 1 && '-._'.includes(run) ? run : '-'))
		.slice(0, 100)
		.replace(/^[-._]+|[-._]+$/g, '');
	return `${stem || 'u'}-${shortHash(raw)}`;
}

export function userNameFor(raw: string, rule: NameRule): string {
	return rule === 'keep' ? raw : sanitizeUserName(raw);
}

/** Department-id groups are named by the id, as Casdoor's own syncers name them. */
export function groupNameForId(departmentId: number | string): string {
	return String(departmentId);
}

/** The separator between path segments in a path-based group name. WeCom forbids ">" in department names, so it cannot collide. */
export const GROUP_PATH_SEPARATOR = ' > ';

/**
 * A valid Casdoor group name for a department path ("Acme / R&D / Web", as the directory
 * walk writes it). Casdoor refuses "/" in group names, so the segments are joined with " > "
 * instead: "Acme > R&D > Web". When that is not enough — a department name itself contains
 * "/", the name would exceed 100 characters, or it equals the organization's name — the
 * offending characters become "_", the name is shortened and an 8-hex hash of the path is
 * appended, so two different paths never share a group.
 */
export function groupNameForPath(path: string, organization?: string): string {
	const segments = path.split(' / ').map((s) => s.trim());
	const lossy = segments.some((s) => s.includes('/'));
	const name = segments.map((s) => s.replace(/\//g, '_')).join(GROUP_PATH_SEPARATOR);
	if (!lossy && name.length <= GROUP_NAME_MAX && name !== organization && name !== '') return name;
	const suffix = `-${shortHash(path)}`;
	return `${name.slice(0, GROUP_NAME_MAX - suffix.length)}${suffix}`;
}

/** The path of a department's parent, or undefined for a top department. */
export function parentPath(path: string): string | undefined {
	const at = path.lastIndexOf(' / ');
	return at < 0 ? undefined : path.slice(0, at);
}
