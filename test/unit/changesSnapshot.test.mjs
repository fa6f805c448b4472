// The Directory Changes snapshot format is kept in users' workflows between versions: a
// faster profile hash must give the very same values as the first one (a member's hash is
// 48 bits of FNV-1a over JSON.stringify of the sorted [field, value] pairs), or every
// member would be reported "updated" once after an upgrade.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { compare, profileHash } = require('../../dist/lib/directory/changes.js');

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function firstHash(profile) {
	const keys = Object.keys(profile).sort();
	const text = JSON.stringify(keys.map((k) => [k, profile[k]]));
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

test('profileHash gives the values of the first snapshot format, for awkward values too', () => {
	const profiles = [
		{},
		{ name: '' },
		{ name: '李雷', position: 'Engineer', mobile: '+86 13800000001', gender: '1', main_department: 3 },
		{ name: 'quote " backslash \\ newline \n tab \t line separator \u2028', z: -0, n: 1.5, big: 1e21, small: 1e-7, yes: true, no: false, inf: Infinity, nan: NaN },
		{ b: 1, a: 2, c: 'x' },
	];
	for (const profile of profiles) assert.equal(profileHash(profile), firstHash(profile), JSON.stringify(profile));
});

test('an unchanged poll reports nothing and keeps the snapshot byte for byte; a changed line is still seen', () => {
	const members = Array.from({ length: 200 }, (_, i) => ({ id: String(i), departments: [3, 1, 3], active: i % 7 !== 0, profile: { name: `n${i}`, position: 'p' } }));
	const read = { members, departments: [{ id: 1, name: 'Root', parentId: 0 }, { id: 3, name: 'Sales', parentId: 1 }], unreadable: [] };
	const now = new Date(0);
	const base = compare(undefined, read, { provider: 'wecom', keepProfiles: false, now }).snapshot;
	const again = compare(base, read, { provider: 'wecom', keepProfiles: false, now });
	assert.deepEqual(again.changes, []);
	assert.equal(again.snapshot.members, base.members);
	assert.match(base.members.split('\n')[0], /^0\t[A-Za-z0-9_-]{8}\t1,3\t0$/);
	const moved = { ...read, members: members.map((m) => (m.id === '5' ? { ...m, departments: [1] } : m)) };
	assert.deepEqual(compare(base, moved, { provider: 'wecom', keepProfiles: false, now }).changes.map((c) => [c.change, c.userId, c.departmentsBefore]), [['member.moved', '5', [1, 3]]]);
});
