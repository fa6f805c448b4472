/**
 * Directory changes by comparison: the directory as read now against a compact snapshot of
 * the last read, kept in the workflow's static data. Pure functions; the poll is in
 * nodes/DirectoryChangesTrigger.
 *
 * The snapshot, per member, is one line `userId TAB hash TAB departmentIds TAB status`:
 * the hash (8 base64url characters, 48 bits) covers the tracked profile fields,
 * so a change in any of them is seen; the department IDs and the status are kept as values,
 * so "moved" and "disabled/enabled" carry exact before and after values. That is about
 * 30–40 bytes a member. The other fields' previous values are not kept by default: an
 * "updated" item then names the fields it can (`changedFields` needs the old values) only
 * when Keep Last-Known Profiles is on, which also stores each member's tracked fields
 * (`profiles`, ~100–200 bytes a member) so that "updated" carries exact before/after values
 * and "left" the last-known profile.
 */
export type ProfileValue = string | number | boolean;
export type Profile = Record<string, ProfileValue>;

export interface MemberView {
	id: string;
	departments: number[];
	active: boolean;
	/** The tracked profile fields (absent or empty fields left out). */
	profile: Profile;
}

export interface DepartmentView {
	id: number;
	name: string;
	parentId: number;
}

export interface Snapshot {
	v: 1;
	provider: string;
	takenAt: string;
	/** One line per member: id \t hash \t dept,dept \t 1|0 */
	members: string;
	/** [id, parentId, name] per department. */
	departments: Array<[number, number, string]>;
	/** Keep Last-Known Profiles: id → tracked fields. */
	profiles?: Record<string, Profile>;
}

export type MemberChange = 'member.joined' | 'member.updated' | 'member.moved' | 'member.disabled' | 'member.enabled' | 'member.left';
export type DepartmentChange = 'department.created' | 'department.renamed' | 'department.moved' | 'department.deleted';
export type ChangeType = MemberChange | DepartmentChange;

export const CHANGE_TYPES: ChangeType[] = [
	'member.joined',
	'member.updated',
	'member.moved',
	'member.disabled',
	'member.enabled',
	'member.left',
	'department.created',
	'department.renamed',
	'department.moved',
	'department.deleted',
];

export interface Change {
	change: ChangeType;
	userId?: string;
	departmentId?: number;
	[key: string]: unknown;
}

interface MemberRecord {
	hash: string;
	departments: number[];
	active: boolean;
}

/**
 * 48 bits of two FNV-1a lanes over the fields as JSON, as 8 base64url characters. Change
 * detection, not security: a keyed or cryptographic hash costs several times as much per
 * member, and a 50k directory is hashed on every poll.
 */
export function profileHash(profile: Profile): string {
	const keys = Object.keys(profile).sort();
	// The text JSON.stringify(keys.map((k) => [k, profile[k]])) gives, built without the pairs (a 50k poll hashes every member).
	const parts = new Array<string>(keys.length);
	for (let i = 0; i < keys.length; i++) {
		const value = profile[keys[i]];
		const json = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' && !Number.isFinite(value) ? 'null' : String(value);
		parts[i] = `[${JSON.stringify(keys[i])},${json}]`;
	}
	const text = `[${parts.join(',')}]`;
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ text.length;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		b = Math.imul(b ^ c, 0x5bd1e995);
		b ^= b >>> 15;
	}
	const bytes = [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, (b >>> 8) & 255, b & 255];
	let out = '';
	for (let i = 0; i < 6; i += 3) {
		const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
		for (let j = 18; j >= 0; j -= 6) out += B64[(n >>> j) & 63];
	}
	return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Sorted, without repeats; a list that already is (the usual case) is returned as it is, not copied. */
function sortedIds(ids: readonly number[]): number[] {
	for (let i = 1; i < ids.length; i++) if (!(ids[i - 1] < ids[i])) return [...new Set(ids)].sort((a, b) => a - b);
	return ids as number[];
}

/**
 * id → the member's line in the snapshot. A line is parsed only when it differs from the
 * line this read produces: in a poll where little changed, almost none is.
 */
function indexLines(text: string): Map<string, string> {
	const out = new Map<string, string>();
	if (!text) return out;
	for (const line of text.split('\n')) {
		const tab = line.indexOf('\t');
		if (tab > 0) out.set(line.slice(0, tab), line);
	}
	return out;
}

function parseLine(line: string): MemberRecord {
	const [, hash, depts, status] = line.split('\t');
	return { hash, departments: depts ? depts.split(',').map(Number) : [], active: status === '1' };
}

function memberLine(id: string, record: MemberRecord): string {
	return `${id}\t${record.hash}\t${record.departments.join(',')}\t${record.active ? 1 : 0}`;
}

function recordOf(member: MemberView): MemberRecord {
	return { hash: profileHash(member.profile), departments: sortedIds(member.departments), active: member.active };
}

export interface ReadState {
	members: MemberView[];
	departments: DepartmentView[];
	/** Departments whose members (or subtree) could not be read: the read is incomplete. */
	unreadable: number[];
}

export interface SnapshotOptions {
	provider: string;
	keepProfiles: boolean;
	now: Date;
}

/** The snapshot of a complete read (the baseline). */
export function takeSnapshot(read: ReadState, options: SnapshotOptions): Snapshot {
	return compare(undefined, read, options).snapshot;
}

const sameIds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * What changed between `previous` and this read, and the snapshot to keep next. With
 * unreadable departments nobody is reported as left and no department as deleted: what
 * could not be read keeps its old record, and a member met elsewhere keeps their old
 * memberships of the unreadable departments (it is not "moved" out of them).
 */
export function compare(previous: Snapshot | undefined, read: ReadState, options: SnapshotOptions): { changes: Change[]; snapshot: Snapshot } {
	const before = indexLines(previous?.members ?? '');
	const beforeDepts = new Map((previous?.departments ?? []).map(([id, parentId, name]) => [id, { id, parentId, name }]));
	const oldProfiles = previous?.profiles ?? {};
	const incomplete = read.unreadable.length > 0;
	const unreadable = new Set(read.unreadable);
	const changes: Change[] = [];
	const lines: string[] = [];
	const profiles: Record<string, Profile> = {};
	const nowDepts = new Map(read.departments.map((d) => [d.id, d]));

	// Departments first: a member's move into a new department follows its creation.
	if (previous) {
		for (const d of read.departments) {
			const old = beforeDepts.get(d.id);
			if (!old) {
				changes.push({ change: 'department.created', departmentId: d.id, name: d.name, parentId: d.parentId });
				continue;
			}
			if (old.name !== d.name) changes.push({ change: 'department.renamed', departmentId: d.id, name: d.name, nameBefore: old.name, parentId: d.parentId });
			if (old.parentId !== d.parentId) changes.push({ change: 'department.moved', departmentId: d.id, name: d.name, parentId: d.parentId, parentIdBefore: old.parentId });
		}
	}
	const keptDepts: Array<[number, number, string]> = read.departments.map((d) => [d.id, d.parentId, d.name]);
	for (const old of beforeDepts.values()) {
		if (nowDepts.has(old.id)) continue;
		if (incomplete) keptDepts.push([old.id, old.parentId, old.name]);
		else changes.push({ change: 'department.deleted', departmentId: old.id, name: old.name, parentIdBefore: old.parentId });
	}

	const seen = new Set<string>();
	for (const member of read.members) {
		seen.add(member.id);
		const oldLine = before.get(member.id);
		const record = recordOf(member);
		if (oldLine !== undefined && incomplete) {
			const kept = parseLine(oldLine).departments.filter((d) => unreadable.has(d));
			if (kept.length) record.departments = sortedIds([...record.departments, ...kept]);
		}
		const line = memberLine(member.id, record);
		lines.push(line);
		if (options.keepProfiles) profiles[member.id] = member.profile;
		// The same line: same profile hash, departments and status — nothing to report.
		if (!previous || line === oldLine) continue;
		const base = { userId: member.id, name: member.profile.name, departments: record.departments, active: member.active };
		if (oldLine === undefined) {
			changes.push({ change: 'member.joined', ...base, profile: member.profile });
			continue;
		}
		const old = parseLine(oldLine);
		if (!sameIds(old.departments, record.departments)) {
			changes.push({ change: 'member.moved', ...base, departmentsBefore: old.departments, departmentsAfter: record.departments });
		}
		if (old.active !== record.active) changes.push({ change: record.active ? 'member.enabled' : 'member.disabled', ...base });
		if (old.hash !== record.hash) {
			const prior = oldProfiles[member.id];
			if (prior) {
				const fields = [...new Set([...Object.keys(prior), ...Object.keys(member.profile)])].filter((k) => prior[k] !== member.profile[k]).sort();
				changes.push({
					change: 'member.updated',
					...base,
					changedFields: fields,
					before: Object.fromEntries(fields.map((k) => [k, prior[k] ?? null])),
					after: Object.fromEntries(fields.map((k) => [k, member.profile[k] ?? null])),
					profile: member.profile,
				});
			} else {
				changes.push({
					change: 'member.updated',
					...base,
					changedFields: null,
					before: null,
					after: member.profile,
					profile: member.profile,
					note: 'Previous values are not kept (turn on Keep Last-Known Profiles for changed fields with before and after values)',
				});
			}
		}
	}
	for (const [id, oldLine] of before) {
		if (seen.has(id)) continue;
		if (incomplete) {
			lines.push(oldLine);
			if (options.keepProfiles && oldProfiles[id]) profiles[id] = oldProfiles[id];
			continue;
		}
		const last = oldProfiles[id];
		const old = parseLine(oldLine);
		changes.push({
			change: 'member.left',
			userId: id,
			name: last?.name,
			departmentsBefore: old.departments,
			lastKnownProfile: last ?? null,
			...(last ? {} : { lastKnownProfileNote: 'No profile kept: turn on Keep Last-Known Profiles to have leavers carry their last-known profile' }),
		});
	}
	for (const change of changes) for (const key of Object.keys(change)) if (change[key] === undefined) delete change[key];

	const snapshot: Snapshot = {
		v: 1,
		provider: options.provider,
		takenAt: options.now.toISOString(),
		members: lines.join('\n'),
		departments: keptDepts,
	};
	if (options.keepProfiles) snapshot.profiles = profiles;
	return { changes, snapshot };
}
