// Field rules of the WeCom member write APIs (user/create, user/update), as wecom-api.md §3.2
// documents them, with the errcodes of the global error-code page (EC, go-workwx
// errcodes/mod.go). Each check throws through `fail(errcode, hint)`; a field that is absent
// is not checked. Used by wecom.writes.mjs only.
//
// Where the reference names no code for a broken rule, the EC's generic one is used:
// 40058 "a parameter value exceeds its limit" (EC 40058 says so for over-long values and
// over-long arrays).

const USERID = /^[0-9A-Za-z][0-9A-Za-z_\-@.]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UINT32_MAX = 4294967295;

export const bytes = (s) => Buffer.byteLength(s, 'utf8');
export const chars = (s) => [...s].length;
const isString = (v) => typeof v === 'string';
const present = (body, key) => body[key] !== undefined && body[key] !== null;

/** "+86" is optional for mainland numbers: one stored form, so uniqueness sees them as one. */
export function normalizeMobile(mobile) {
	return mobile.replace(/^\+86[- ]?/, '');
}

export function createMemberRules(fail) {
	function userid(value) {
		if (value === undefined || value === null || value === '') fail(41009);
		if (!isString(value)) fail(40003, 'userid must be a string');
		if (bytes(value) > 64) fail(40058, 'userid is longer than 64 bytes');
		if (!USERID.test(value)) fail(40003, 'userid: 1-64 bytes of letters, digits and _-@. starting with a letter or digit');
		return value;
	}

	function name(value) {
		if (!isString(value) || value.length === 0 || chars(value) > 64) fail(60112, 'name must be 1-64 characters');
		return value;
	}

	/** Returns the department array, or null when the body has none (create: → 待设置部门). */
	function departments(body, currentLength) {
		const { department, order, is_leader_in_dept: leader } = body;
		let length = currentLength;
		if (present(body, 'department')) {
			if (!Array.isArray(department)) fail(41019, 'department must be an array of integers');
			if (department.some((d) => typeof d !== 'number')) fail(41019, 'department ids must be integers, not strings');
			if (department.some((d) => !Number.isInteger(d) || d < 0 || d > UINT32_MAX)) fail(40058, 'department ids must be 32-bit unsigned integers');
			if (department.length > 100) fail(60110, 'at most 100 departments');
			if (new Set(department).size !== department.length) fail(40058, 'department lists a department twice');
			length = department.length;
		}
		if (present(body, 'order')) {
			if (!Array.isArray(order) || order.some((o) => !Number.isInteger(o) || o < 0 || o > UINT32_MAX)) {
				fail(40058, 'order must be an array of integers in [0, 2^32)');
			}
			if (order.length !== length) fail(60132, 'order must have as many entries as department');
		}
		if (present(body, 'is_leader_in_dept')) {
			if (!Array.isArray(leader) || leader.some((l) => l !== 0 && l !== 1)) fail(40058, 'is_leader_in_dept must be an array of 0 and 1');
			if (leader.length !== length) fail(60132, 'is_leader_in_dept must have as many entries as department');
		}
		return present(body, 'department') ? department : null;
	}

	/** Format checks of every optional field present in the body. */
	function optionalFields(body) {
		if (present(body, 'mobile') && body.mobile !== '') {
			const m = body.mobile;
			if (!isString(m) || m.length > 32 || !/^\+?[0-9][0-9\- ]*$/.test(m)) fail(60103, 'mobile: digits, + and -, at most 32');
		}
		if (present(body, 'email') && body.email !== '') {
			const e = body.email;
			if (!isString(e) || bytes(e) < 6 || bytes(e) > 64 || !EMAIL.test(e)) fail(60105, 'email: 6-64 bytes, a valid address');
		}
		if (present(body, 'biz_mail') && body.biz_mail !== '') {
			const e = body.biz_mail;
			if (!isString(e) || bytes(e) < 6 || bytes(e) > 64 || !EMAIL.test(e)) fail(60143, 'biz_mail: 6-64 bytes, a valid address');
		}
		if (present(body, 'alias') && (!isString(body.alias) || chars(body.alias) > 64)) fail(40058, 'alias: at most 64 characters');
		if (present(body, 'position') && (!isString(body.position) || chars(body.position) > 128)) fail(301012, 'position: at most 128 characters');
		if (present(body, 'telephone')) {
			const t = body.telephone;
			if (!isString(t) || bytes(t) > 32 || !/^[0-9+\-,]*$/.test(t)) fail(301013, 'telephone: at most 32 bytes of digits and - + ,');
		}
		if (present(body, 'address') && (!isString(body.address) || chars(body.address) > 128)) fail(40058, 'address: at most 128 characters');
		if (present(body, 'gender') && body.gender !== '1' && body.gender !== '2') fail(40058, 'gender must be "1" or "2"');
		if (present(body, 'enable') && body.enable !== 0 && body.enable !== 1) fail(40058, 'enable must be 1 or 0');
		if (present(body, 'to_invite') && typeof body.to_invite !== 'boolean') fail(40058, 'to_invite must be a boolean');
		if (present(body, 'avatar_mediaid') && (!isString(body.avatar_mediaid) || body.avatar_mediaid === '')) fail(301015);
		if (present(body, 'direct_leader')) {
			const dl = body.direct_leader;
			if (!Array.isArray(dl) || dl.some((u) => !isString(u))) fail(40058, 'direct_leader must be an array of userids');
			if (dl.length > 1) fail(60257, 'at most 1 direct leader');
			for (const u of dl) if (!USERID.test(u) || bytes(u) > 64) fail(40003, `direct_leader ${u}`);
		}
		if (present(body, 'main_department') && !Number.isInteger(body.main_department)) fail(40058, 'main_department must be an integer');
		if (present(body, 'extattr')) {
			const x = body.extattr;
			const ok =
				x && typeof x === 'object' && Array.isArray(x.attrs) &&
				x.attrs.every((a) => a && typeof a === 'object' && [0, 1, 2].includes(a.type) && isString(a.name) && a.name !== '');
			if (!ok) fail(40058, 'extattr must be {"attrs": [{"type": 0|1|2, "name": ...}]}');
		}
		if (present(body, 'external_profile') && (typeof body.external_profile !== 'object' || Array.isArray(body.external_profile))) {
			fail(40058, 'external_profile must be an object');
		}
		if (present(body, 'external_position') && (!isString(body.external_position) || chars(body.external_position) > 12)) {
			fail(40058, 'external_position: at most 12 characters');
		}
	}

	return { userid, name, departments, optionalFields };
}
