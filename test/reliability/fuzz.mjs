// Bad input, generated, for every write operation of every node: wrong types (objects, lists,
// true/false where text belongs), expressions resolving to null, blank and invisible-only
// text, control characters and line breaks in single-line fields, over-long text, bad
// characters, unknown departments / parents / organizations. Each invalid item sits between
// valid neighbours in one run with "Continue on fail" (error output). Expected: the run
// succeeds; every invalid item is one error item naming the field; the emulator sees no call
// for it (the count of calls equals what the valid items need) — except the cases only the
// API can judge (a department that does not exist in DingTalk, an organization Casdoor does
// not know), which cost their one call and still name the field; every valid neighbour
// succeeds. Complements test/wecom.write.invalid.test.mjs (one string rule broken per item).
import { startCasdoorEmulator } from '../emulators/casdoor.mjs';
import { startDingTalkEmulator } from '../emulators/dingtalk.mjs';
import { generateOrg } from '../emulators/orgGenerator.mjs';
import { startWeComEmulator } from '../emulators/wecom.mjs';
import { node, runWorkflowChecked } from '../harness/n8n.mjs';

const OBJ = { a: 1 };
const LIST = [1, 2];
const NUL = 'a\u0000b';
const ESC = 'a\u001bb';
const NEWLINE = 'first\nsecond';
const INVISIBLE = '\u200b\u200b';
const long = (n, ch = 'x') => ch.repeat(n);
const pad = (n) => String(n).padStart(4, '0');
const rl = (value) => ({ __rl: true, mode: 'id', value });

/** Cases for one field: [label the error must name, key in the item, bad values, options]. */
function field(label, key, values, { calls = 0 } = {}) {
	return values.map((value) => ({ field: label, key, value, calls }));
}

// An org with empty departments to delete (ids 9001…) in both directory emulators.
const ORG = generateOrg({ users: 40, departments: 8, seed: 77 });
const EMPTY_DEPTS = Array.from({ length: 12 }, (_, k) => ({ id: 9001 + k, name: `Empty ${k}`, nameEn: `Empty ${k}`, parentId: 1, order: 0 }));
const org = { departments: [...ORG.departments, ...EMPTY_DEPTS], users: ORG.users };
const DEPT = ORG.departments.find((d) => d.id !== 1).id;
const DEPTS = ORG.departments.filter((d) => d.id !== 1).map((d) => d.id);
const USERS = ORG.users.map((u) => u.userid);

// ---- the suites: node, parameters (expressions over the item), a valid item, the bad cases ----

const WECOM = [
	{
		label: 'WeCom member create',
		secret: 'contacts',
		params: {
			resource: 'member', operation: 'create', userId: '={{ $json.userid }}', name: '={{ $json.name }}', mobile: '={{ $json.mobile }}', email: '={{ $json.email }}', ifExists: 'fail',
			departments: { department: [{ departmentId: rl('={{ $json.dept }}'), order: 0, isLeader: false, isMain: true }] },
			additionalFields: {
				position: '={{ $json.position }}', alias: '={{ $json.alias }}', address: '={{ $json.address }}', gender: '={{ $json.gender }}', telephone: '={{ $json.telephone }}',
				enabled: '={{ $json.enabled }}', directLeader: '={{ $json.directLeader }}', extattr: '={{ $json.extattr }}',
			},
		},
		valid: (n) => ({ userid: `fz.w${n}`, name: `Fuzz ${n}`, mobile: `1370000${pad(n)}`, email: `fzw${n}@example.com`, dept: String(DEPT), position: '', alias: '', address: '', gender: '', telephone: '', enabled: '', directLeader: '', extattr: '' }),
		cases: [
			...field('User ID', 'userid', [null, OBJ, LIST, true, NUL, INVISIBLE, 'a b']),
			...field('Name', 'name', [null, OBJ, LIST, false, NUL, NEWLINE, INVISIBLE, long(65, '名')]),
			...field('Mobile', 'mobile', [OBJ, true, '1380000\u00000']),
			...field('Email', 'email', [OBJ, LIST, true, 'a@b\nc.com']),
			...field('Departments', 'dept', [OBJ, true, 'abc', '4040404', '8888888']),
			...field('Position', 'position', [OBJ, true, NUL, NEWLINE, long(129)]),
			...field('Alias', 'alias', [LIST, 'a\tb']),
			...field('Address', 'address', [NUL, OBJ]),
			...field('Gender', 'gender', [OBJ, true, 'x']),
			...field('Enabled', 'enabled', ['maybe', OBJ, 2]),
			...field('Telephone', 'telephone', [OBJ, ESC]),
			...field('Direct Leader', 'directLeader', [OBJ, true]),
			...field('Extended Attributes (JSON)', 'extattr', [42, true]),
		],
		perItem: 1,
		perRun: 1, // department/simplelist: unknown departments are refused before the write
		writes: ['/cgi-bin/user/create', '/cgi-bin/department/simplelist'],
	},
	{
		label: 'WeCom member update',
		secret: 'contacts',
		params: {
			resource: 'member', operation: 'update', userId: '={{ $json.userid }}',
			departments: { department: [{ departmentId: rl('={{ $json.dept }}'), order: 0, isLeader: false, isMain: true }] },
			updateFields: { position: '={{ $json.position }}', name: '={{ $json.name }}' },
		},
		valid: (n) => ({ userid: USERS[n % USERS.length], dept: String(DEPTS[n % DEPTS.length]), position: `Position ${n}`, name: '' }),
		cases: [
			...field('User ID', 'userid', [null, OBJ, true, NUL]),
			...field('Position', 'position', [OBJ, NEWLINE]),
			...field('Name', 'name', [OBJ, NUL]),
			...field('Departments', 'dept', [LIST, '4040404']),
		],
		perItem: 1,
		perRun: 1,
		writes: ['/cgi-bin/user/update', '/cgi-bin/department/simplelist'],
	},
	{
		label: 'WeCom member delete',
		secret: 'contacts',
		params: { resource: 'member', operation: 'delete', userId: '={{ $json.userid }}', ifMissing: 'skip' },
		valid: (n) => ({ userid: `gone.${n}` }),
		cases: field('User ID', 'userid', [null, OBJ, LIST, true, NUL, INVISIBLE]),
		perItem: 1,
		perRun: 0,
		writes: ['/cgi-bin/user/delete'],
	},
	{
		label: 'WeCom department create',
		secret: 'contacts',
		params: {
			resource: 'department', operation: 'create', name: '={{ $json.name }}', parentId: rl('={{ $json.parent }}'),
			additionalFields: { id: '={{ $json.id }}', order: '={{ $json.order }}', nameEn: '={{ $json.nameEn }}' },
		},
		valid: (n) => ({ name: `Fuzz Dept ${n}`, parent: '1', id: '', order: '', nameEn: '' }),
		cases: [
			...field('Name', 'name', [null, OBJ, LIST, true, NUL, NEWLINE, INVISIBLE]),
			...field('Parent Department', 'parent', [OBJ, true, null]),
			...field('Parent Department', 'parent', ['4040404'], { calls: 1 }),
			...field('English Name', 'nameEn', [OBJ, NEWLINE]),
			...field('Order', 'order', [OBJ, true]),
			...field('Department ID', 'id', [OBJ, true]),
		],
		perItem: 1,
		perRun: 0,
		writes: ['/cgi-bin/department/create'],
	},
	{
		label: 'WeCom department update',
		secret: 'contacts',
		params: { resource: 'department', operation: 'update', departmentId: rl('={{ $json.id }}'), updateFields: { name: '={{ $json.name }}', order: '={{ $json.order }}' } },
		valid: (n) => ({ id: String(DEPTS[n % DEPTS.length]), name: '', order: String(n) }),
		cases: [
			...field('Department', 'id', [OBJ, true, null, LIST]),
			...field('Department', 'id', ['4040404'], { calls: 1 }),
			...field('Name', 'name', [OBJ, NUL, NEWLINE]),
			...field('Order', 'order', [OBJ, LIST]),
		],
		perItem: 1,
		perRun: 0,
		writes: ['/cgi-bin/department/update'],
	},
	{
		label: 'WeCom department delete',
		secret: 'contacts',
		params: { resource: 'department', operation: 'delete', departmentId: rl('={{ $json.id }}') },
		valid: (n) => ({ id: String(9001 + n) }),
		cases: [...field('Department', 'id', [OBJ, true, null, LIST, NUL]), ...field('Department', 'id', ['4040404'], { calls: 1 })],
		perItem: 1,
		perRun: 0,
		writes: ['/cgi-bin/department/delete'],
	},
	{
		label: 'WeCom message send',
		secret: 'app',
		params: {
			resource: 'message', operation: 'send', toUsers: '={{ $json.to }}', toDepartments: '', toTags: '', messageType: 'text', content: '={{ $json.text }}', options: {},
		},
		valid: (n) => ({ to: USERS[n % USERS.length], text: `Hello ${n}\nsecond line` }),
		cases: [
			...field('To Members', 'to', [OBJ, true, NUL]),
			...field('Text', 'text', [null, OBJ, LIST, true, INVISIBLE, NUL, long(683, '字')]),
		],
		perItem: 1,
		perRun: 0,
		writes: ['/cgi-bin/message/send'],
	},
];

const DINGTALK = [
	{
		label: 'DingTalk user create',
		params: {
			resource: 'user', operation: 'create', name: '={{ $json.name }}', mobile: '={{ $json.mobile }}', departmentIds: '={{ $json.depts }}',
			additionalFields: { userid: '={{ $json.userid }}', email: '={{ $json.email }}', title: '={{ $json.title }}', jobNumber: '={{ $json.job }}', remark: '={{ $json.remark }}', hideMobile: '={{ $json.hide }}' },
		},
		valid: (n) => ({ name: `Fuzz ${n}`, mobile: `1360000${pad(n)}`, depts: [DEPT], userid: `fzd${n}`, email: '', title: '', job: '', remark: n % 2 ? 'multi\nline remark' : '', hide: '' }),
		cases: [
			...field('Name', 'name', [null, OBJ, LIST, true, NUL, NEWLINE, INVISIBLE, long(81)]),
			...field('Mobile', 'mobile', [null, OBJ, true, '1360000\u00001']),
			...field('Departments', 'depts', [OBJ, 'abc', [], [OBJ]]),
			...field('Departments', 'depts', [[4040404]], { calls: 1 }),
			...field('User ID', 'userid', [OBJ, true, NUL]),
			...field('Email', 'email', [OBJ, 'a@b\nc.com']),
			...field('Title', 'title', [OBJ, long(201)]),
			...field('Job Number', 'job', [LIST, ESC]),
			...field('Remark', 'remark', [NUL]),
			...field('Hide Mobile', 'hide', ['maybe', OBJ]),
		],
		perItem: 1,
		perRun: 0,
		writes: ['/topapi/v2/user/create'],
	},
	{
		label: 'DingTalk user update',
		params: { resource: 'user', operation: 'update', userId: '={{ $json.userid }}', updateFields: { title: '={{ $json.title }}', departmentIds: '={{ $json.depts }}', mobile: '={{ $json.mobile }}' } },
		valid: (n) => ({ userid: USERS[n % 20], title: `Title ${n}`, depts: '', mobile: '' }),
		cases: [
			...field('User ID', 'userid', [OBJ, null, true, NUL]),
			...field('Title', 'title', [OBJ, NUL]),
			...field('Mobile', 'mobile', ['13600009999', OBJ]),
			...field('Departments', 'depts', [[4040404]], { calls: 1 }),
		],
		perItem: 1,
		perRun: 0,
		writes: ['/topapi/v2/user/update'],
	},
	{
		label: 'DingTalk user delete',
		params: { resource: 'user', operation: 'delete', userId: '={{ $json.userid }}' },
		valid: (n) => ({ userid: USERS[20 + (n % 20)] }),
		cases: field('User ID', 'userid', [OBJ, LIST, true, null, 'a b', NUL]),
		perItem: 1,
		perRun: 0,
		writes: ['/topapi/v2/user/delete'],
	},
	{
		label: 'DingTalk department create',
		params: { resource: 'department', operation: 'create', name: '={{ $json.name }}', parentId: rl('={{ $json.parent }}'), additionalFields: { order: '={{ $json.order }}', sourceIdentifier: '={{ $json.src }}' } },
		valid: (n) => ({ name: `Fuzz Dept ${n}`, parent: '1', order: '', src: '' }),
		cases: [
			...field('Name', 'name', [null, OBJ, true, NUL, NEWLINE, 'a-b', long(65)]),
			...field('Parent Department', 'parent', [OBJ, 'abc']),
			...field('Parent Department', 'parent', ['4040404'], { calls: 1 }),
			...field('Order', 'order', [OBJ, -1]),
			...field('Source Identifier', 'src', [OBJ, ESC]),
		],
		perItem: 1,
		perRun: 0,
		writes: ['/topapi/v2/department/create'],
	},
	{
		label: 'DingTalk department update',
		params: { resource: 'department', operation: 'update', departmentId: rl('={{ $json.id }}'), updateFields: { name: '={{ $json.name }}' } },
		valid: (n) => ({ id: String(DEPTS[n % DEPTS.length]), name: `Renamed ${n}` }),
		cases: [...field('Department', 'id', [OBJ, null, 'abc']), ...field('Department', 'id', ['4040404'], { calls: 1 }), ...field('Name', 'name', [OBJ, 'a,b', NUL])],
		perItem: 1,
		perRun: 0,
		writes: ['/topapi/v2/department/update'],
	},
	{
		label: 'DingTalk department delete',
		params: { resource: 'department', operation: 'delete', departmentId: rl('={{ $json.id }}') },
		valid: (n) => ({ id: String(9001 + n) }),
		cases: [...field('Department', 'id', [OBJ, true, null, NUL]), ...field('Department', 'id', ['4040404'], { calls: 1 })],
		perItem: 1,
		perRun: 0,
		writes: ['/topapi/v2/department/delete'],
	},
];

const SEEDED = Array.from({ length: 30 }, (_, n) => ({ name: `seeded${n}`, displayName: `Seeded ${n}`, email: `seeded${n}@acme.com` }));
const userItem = (n, extra = {}) => ({ name: `fzc${n}`, displayName: `Fuzz ${n}`, email: `fzc${n}@acme.com`, ...extra });

const CASDOOR = [
	{
		label: 'Casdoor user create (fields)',
		params: {
			resource: 'user', operation: 'create', userData: 'fields', userName: '={{ $json.name }}', displayName: '={{ $json.dn }}',
			additionalFields: { email: '={{ $json.email }}', phone: '={{ $json.phone }}', groups: '={{ $json.groups }}', isForbidden: '={{ $json.forbidden }}', avatar: '={{ $json.avatar }}', countryCode: '={{ $json.cc }}', title: '={{ $json.title }}' },
		},
		valid: (n) => ({ name: `fzf${n}`, dn: `Fuzz ${n}`, email: `fzf${n}@acme.com`, phone: '', groups: 'staff', forbidden: false, avatar: '', cc: '', title: '' }),
		cases: [
			...field('User Name', 'name', [null, OBJ, LIST, true, INVISIBLE]),
			...field('name', 'name', ['a b', 'a__b', long(101)]),
			...field('Display Name', 'dn', [OBJ, NEWLINE, long(101)]),
			...field('Email', 'email', [OBJ, 'plain', 'a@b']),
			...field('Phone', 'phone', ['abc', OBJ, '12']),
			...field('Groups', 'groups', [OBJ, true, 'a/b/c']),
			...field('Is Forbidden', 'forbidden', ['maybe', 2]),
			...field('Avatar URL', 'avatar', ['not a url', OBJ]),
			...field('Country Code', 'cc', ['China', OBJ]),
			...field('Title', 'title', [LIST, NUL]),
		],
		perItem: 1,
		perRun: 0,
		writes: ['/api/add-user'],
	},
	{
		label: 'Casdoor user create (from item)',
		params: { resource: 'user', operation: 'create', userData: 'item' },
		valid: (n) => userItem(1000 + n),
		cases: [
			...field('name', 'name', [null, OBJ, true, 'a b', NEWLINE]),
			...field('displayName', 'displayName', [OBJ, NUL]),
			...field('email', 'email', ['plain', LIST]),
			...field('phone', 'phone', ['abc']),
			...field('groups', 'groups', [OBJ, 42]),
			...field('isForbidden', 'isForbidden', ['maybe', 1]),
			...field('properties', 'properties', ['text', LIST, { k: { nested: 1 } }]),
			...field('owner', 'owner', [OBJ, NEWLINE]),
			...field('owner', 'owner', ['no-such-org'], { calls: 1 }),
		],
		perItem: 1,
		perRun: 0,
		writes: ['/api/add-user'],
	},
	{
		label: 'Casdoor user update (from item)',
		params: { resource: 'user', operation: 'update', userData: 'item' },
		valid: (n) => ({ name: `seeded${n % 30}`, title: `Title ${n}` }),
		cases: [...field('name', 'name', [null, OBJ]), ...field('email', 'email', ['plain']), ...field('isForbidden', 'isForbidden', ['maybe']), ...field('title', 'title', [NEWLINE, long(101)])],
		perItem: 1,
		perRun: 0,
		writes: ['/api/update-user'],
	},
	{
		label: 'Casdoor user upsert (from item)',
		params: { resource: 'user', operation: 'upsert', userData: 'item' },
		valid: (n) => userItem(2000 + n),
		cases: [...field('name', 'name', [null, LIST]), ...field('email', 'email', ['a@b']), ...field('groups', 'groups', [true]), ...field('gender', 'gender', [OBJ])],
		perItem: 2, // get-user, then add-user
		perRun: 0,
		writes: ['/api/get-user', '/api/add-user'],
	},
	{
		label: 'Casdoor user delete',
		params: { resource: 'user', operation: 'delete', userName: '={{ $json.name }}' },
		valid: (n) => ({ name: `nobody${n}` }),
		cases: field('User Name', 'name', [null, OBJ, LIST, true, INVISIBLE, NUL]),
		perItem: 1,
		perRun: 0,
		writes: ['/api/delete-user'],
	},
	{
		label: 'Casdoor user forbid',
		params: { resource: 'user', operation: 'forbid', userName: '={{ $json.name }}' },
		valid: (n) => ({ name: `seeded${n % 30}` }),
		cases: field('User Name', 'name', [null, OBJ, true, NEWLINE]),
		perItem: 1,
		perRun: 0,
		writes: ['/api/update-user'],
	},
	{
		label: 'Casdoor group create or update',
		params: { resource: 'group', operation: 'upsert', groupNaming: 'departmentId' },
		valid: (n) => ({ id: String(5000 + n), name: `Group ${n}`, parentid: 1 }),
		cases: [...field('id', 'id', [null, OBJ, true, NUL]), ...field('name', 'name', [OBJ, NUL, long(101)]), ...field('parentid', 'parentid', [LIST])],
		perItem: 1,
		perRun: 1, // get-groups
		writes: ['/api/add-group', '/api/get-groups'],
	},
	{
		label: 'Casdoor Sync Users (apply)',
		params: { resource: 'user', operation: 'syncUsers', mode: 'apply', source: 'fuzz:src', syncOptions: { maxRemovalPercent: 100 } },
		// The invalid users exist in Casdoor, tagged with the source: they must not be removed.
		valid: (n) => ({ name: `fzs${n}`, displayName: `Sync ${n}`, properties: { source: 'fuzz:src' } }),
		cases: [
			...field('email', 'email', ['plain', OBJ]),
			...field('isForbidden', 'isForbidden', ['maybe']),
			...field('groups', 'groups', [42]),
			...field('displayName', 'displayName', [NEWLINE, LIST]),
		],
		perItem: 1,
		perRun: 1, // get-users
		writes: ['/api/add-user', '/api/get-users', '/api/update-user'],
		executeOnce: true,
	},
];

/** The whole corpus, for the report. */
export const FUZZ_SUITES = { wecom: WECOM, dingtalk: DINGTALK, casdoor: CASDOOR };

export function countCases() {
	return Object.values(FUZZ_SUITES).reduce((n, suites) => n + suites.reduce((m, s) => m + s.cases.length, 0), 0);
}

async function emulatorFor(provider) {
	if (provider === 'wecom') {
		const emu = await startWeComEmulator({ org, appSecret: 'canary-fuzz-wecom-app-0001', contactsSecret: 'canary-fuzz-wecom-contacts-0001' });
		return {
			emu,
			credentials: (suite) => ({ weComApi: { corpId: emu.corpId, secret: suite.secret === 'app' ? emu.secrets.app : emu.secrets.contacts, agentId: '1000002', baseUrl: emu.url, maxConcurrency: 4 } }),
			canaries: () => [emu.secrets.app, emu.secrets.contacts, ...emu.issuedTokens()],
			calls: () => emu.log.filter((e) => e.path !== '/cgi-bin/gettoken'),
		};
	}
	if (provider === 'dingtalk') {
		const emu = await startDingTalkEmulator({ org, qps: 500, appSecret: 'canary-fuzz-dingtalk-app-0001' });
		return {
			emu,
			credentials: () => ({ dingTalkApi: { appKey: emu.appKey, appSecret: emu.appSecret, qpsPlan: 0, qps: 500, baseUrl: emu.url } }),
			canaries: () => [emu.appSecret, ...emu.issuedTokens()],
			calls: () => emu.log.filter((e) => e.path !== '/gettoken'),
		};
	}
	const clientSecret = 'canary-fuzz-casdoor-0001';
	const emu = await startCasdoorEmulator({ clientSecret, users: SEEDED });
	return {
		emu,
		credentials: () => ({ casdoorApi: { endpoint: emu.url, clientId: emu.clientId, clientSecret, organization: 'acme' } }),
		canaries: () => [clientSecret, Buffer.from(`${emu.clientId}:${clientSecret}`).toString('base64')],
		calls: () => emu.log,
	};
}

/**
 * Run one suite: valid and invalid items interleaved (a valid one before every invalid one,
 * and one at the end), Continue on fail (error output). Returns what was checked and every
 * problem found (empty when the suite passes).
 */
export async function runSuite(provider, suite, ctx) {
	const input = [];
	const expect = [];
	let n = 0;
	for (const c of suite.cases) {
		input.push({ json: suite.valid(n++) });
		expect.push(null);
		input.push({ json: { ...suite.valid(n++), [c.key]: c.value } });
		expect.push(c);
	}
	input.push({ json: suite.valid(n++) });
	expect.push(null);
	if (suite.executeOnce) {
		// Sync: the invalid users are in Casdoor already, owned by the source.
		for (const [i, c] of expect.entries()) if (c) ctx.emu.seedUser({ name: input[i].json.name, properties: { source: 'fuzz:src' } });
	}
	const before = ctx.calls().length;
	const r = await runWorkflowChecked(
		{ nodes: [node(provider === 'wecom' ? 'weCom' : provider === 'dingtalk' ? 'dingTalk' : 'casdoor', suite.params, { name: 'N', onError: 'continueErrorOutput' })], credentials: ctx.credentials(suite), input },
		{ canaries: ctx.canaries },
	);
	const problems = [];
	const say = (text) => problems.push(`${suite.label}: ${text}`);
	if (r.status !== 'success') {
		say(`the run failed: ${r.error?.message}`);
		return { problems, cases: suite.cases.length, valid: expect.filter((e) => !e).length };
	}
	const errors = new Map(r.items('N', 1).map((i) => [i.pairedItem?.item, i.json]));
	const oks = r.items('N', 0);
	expect.forEach((c, i) => {
		const e = errors.get(i);
		if (!c) {
			if (e) say(`valid item ${i} failed: ${e.error}`);
			return;
		}
		const what = `${c.key}=${JSON.stringify(c.value)?.slice(0, 30)}`;
		if (!e) return say(`invalid ${what} was accepted`);
		if (e.message?.field !== c.field) say(`invalid ${what}: the error names "${e.message?.field}", not "${c.field}": ${e.error}`);
		if (c.calls === 0 && !String(e.error).startsWith(`Invalid "${c.field}"`)) say(`invalid ${what}: not a validation error: ${e.error}`);
	});
	if (errors.size !== suite.cases.length) say(`${errors.size} error items for ${suite.cases.length} invalid inputs`);
	const valid = expect.filter((e) => !e).length;
	if (!suite.executeOnce) {
		const paired = new Set(oks.map((i) => i.pairedItem?.item));
		expect.forEach((c, i) => {
			if (!c && !paired.has(i)) say(`valid item ${i} has no output`);
		});
	} else {
		for (const [i, c] of expect.entries()) {
			const user = ctx.emu.user(input[i].json.name);
			if (!c && !user) say(`valid user ${input[i].json.name} was not created`);
			if (c && user?.isForbidden) say(`the invalid user ${input[i].json.name} was forbidden`);
		}
	}
	const calls = ctx.calls().slice(before);
	const needed = suite.perRun + suite.perItem * valid + suite.cases.reduce((s, c) => s + c.calls, 0);
	const unexpected = calls.filter((e) => !suite.writes.includes(e.path));
	if (unexpected.length) say(`unexpected calls: ${unexpected.map((e) => e.path).join(', ')}`);
	if (calls.length !== needed) say(`${calls.length} calls, but the valid items need ${needed}: an invalid item reached the API`);
	return { problems, cases: suite.cases.length, valid, calls: calls.length };
}

/** Every suite of one provider against one emulator. */
export async function runProvider(provider) {
	const ctx = await emulatorFor(provider);
	const results = [];
	try {
		for (const suite of FUZZ_SUITES[provider]) results.push({ label: suite.label, ...(await runSuite(provider, suite, ctx)) });
	} finally {
		await ctx.emu.close();
	}
	return results;
}
