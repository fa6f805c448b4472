// Proof that a provider is one folder and one registry line (issue 16): the skeleton
// provider "Acme" (acme.cts, only in the tests) is type-checked against the built package,
// registered with one call, and runs Get All in Directory → Map to IAM User → Casdoor Sync
// Users through n8n's engine against its tiny emulator. The registry's compile-time guard is
// checked too: a provider added to ProviderId without its entry does not compile.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { startCasdoorEmulator } from '../emulators/casdoor.mjs';
import { node, PKG_ROOT, runWorkflow } from '../harness/n8n.mjs';
import { startAcmeEmulator } from './acmeEmulator.mjs';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const HERE = dirname(fileURLToPath(import.meta.url));
const ACME_SOURCE = join(HERE, 'acme.cts');

const COMPILER = {
	strict: true,
	module: ts.ModuleKind.CommonJS,
	moduleResolution: ts.ModuleResolutionKind.Node10,
	target: ts.ScriptTarget.ES2020,
	types: ['node'],
	skipLibCheck: true,
	esModuleInterop: true,
};

function diagnostics(rootNames, options = COMPILER) {
	const program = ts.createProgram(rootNames, { ...options, noEmit: true });
	return ts.getPreEmitDiagnostics(program).map((d) => ({
		file: d.file?.fileName,
		text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
	}));
}

/** Type-check acme.cts against the built package, then load it (transpiled beside a temp copy pointing at dist). */
function loadAcme() {
	const problems = diagnostics([ACME_SOURCE]);
	assert.deepEqual(problems, [], 'the skeleton provider compiles against the package types');
	const { outputText } = ts.transpileModule(readFileSync(ACME_SOURCE, 'utf8'), { compilerOptions: COMPILER, fileName: ACME_SOURCE });
	// The compiled module requires the built package by absolute path: the same module instances n8n loaded.
	const absolute = outputText.replace(/require\("\.\.\/\.\.\/dist\//g, `require(${JSON.stringify(join(PKG_ROOT, 'dist'))} + "/`);
	const dir = mkdtempSync(join(tmpdir(), 'acme-'));
	const file = join(dir, 'acme.cjs');
	writeFileSync(file, absolute);
	try {
		return require(file);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const acme = loadAcme();

test('a provider left out of the registry does not compile: adding "feishu" to ProviderId without an entry is a type error in the registry', () => {
	const dir = mkdtempSync(join(tmpdir(), 'feishu-'));
	try {
		const registry = join(PKG_ROOT, 'lib/directory/sources/registry.ts');
		const augment = join(dir, 'feishu.ts');
		writeFileSync(
			augment,
			`import type { ProviderEntry } from ${JSON.stringify(registry.replace(/\.ts$/, ''))};\n` +
				`declare module ${JSON.stringify(registry.replace(/\.ts$/, ''))} { interface ProviderRegistry { feishu: ProviderEntry } }\n`,
		);
		const problems = diagnostics([registry, augment]);
		assert.ok(
			problems.some((p) => p.file === registry && /feishu/.test(p.text)),
			`expected the registry to ask for feishu's entry, got ${JSON.stringify(problems)}`,
		);
		assert.deepEqual(diagnostics([registry]), [], 'without the new ID the registry compiles');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

const DEPARTMENTS = [
	{ id: 1, name: 'Acme', parentId: 0 },
	{ id: 2, name: 'R&D', parentId: 1 },
];
const MEMBERS = [
	{ id: 'ann', name: 'Ann', email: 'ann@acme.test', departments: [1], groups: [{ id: '7', name: 'Admins' }] },
	{ id: 'bob', name: 'Bob', departments: [2], active: true },
	{ id: 'cy', name: 'Cy', departments: [1, 2], active: false },
];

async function syncAcme(acmeEmu, casdoor, syncOptions = {}) {
	return await runWorkflow({
		nodes: [
			{ ...node('acme-placeholder'), type: 'acme.acme', name: 'Get All', parameters: { operation: 'getAllInDirectory', baseUrl: acmeEmu.url, key: acmeEmu.apiKey, secret: acmeEmu.apiSecret } },
			{
				...node('acme-placeholder'),
				type: 'acme.acme',
				name: 'Map',
				parameters: { operation: 'mapToIamUser', organization: 'acme', sourceName: 'corp', mapOptions: { groups: 'departmentId', includeRoles: true, roleNaming: 'id' } },
			},
			node('casdoor', { resource: 'user', operation: 'syncUsers', mode: 'apply', syncOptions }, { name: 'Sync' }),
		],
		credentials: { casdoorApi: { endpoint: casdoor.url, clientId: casdoor.clientId, clientSecret: casdoor.clientSecret, organization: 'acme' } },
		extraNodeTypes: { 'acme.acme': new acme.Acme() },
	});
}

test('the skeleton provider: Get All → Map → Sync Users through the engine; mapping, role names and ownership come from its registry entry', async () => {
	const acmeEmu = await startAcmeEmulator({ departments: DEPARTMENTS, members: MEMBERS });
	const casdoor = await startCasdoorEmulator({ organization: 'acme', users: [{ name: 'local1', displayName: 'Local' }] });
	try {
		const run = await syncAcme(acmeEmu, casdoor);
		assert.equal(run.status, 'success', run.error?.message);
		const mapped = run.output('Map');
		const ann = mapped.find((u) => u.name === 'ann');
		assert.equal(ann.properties.source, 'acme:corp', 'the source tag is "<provider id>:<name>"');
		assert.deepEqual(ann.roles, ['acme/acme-group-7'], 'role names "By ID" use the registry\'s role ID prefix');
		assert.deepEqual(ann.groups, ['acme/1']);
		assert.equal(ann.acme, undefined, 'no binding field: Casdoor has no Acme column');
		assert.equal(mapped.find((u) => u.name === 'cy').isForbidden, true);

		const sync = run.output('Sync');
		const summary = sync.find((o) => o.action === 'summary');
		assert.equal(summary.created, 3, JSON.stringify(summary));
		assert.deepEqual(casdoor.orgUsers('acme').map((u) => u.name).sort(), ['ann', 'bob', 'cy', 'local1']);
		assert.equal(casdoor.user('bob').properties.source, 'acme:corp');
		assert.ok(acmeEmu.count('/v1/token') >= 1 && acmeEmu.count('/v1/departments') === 1, 'the walk read the tree once');

		// A member gone upstream is forbidden on the next complete read (1 of 3 is past the default
		// 20% guard, which stops it first); the rest is unchanged.
		acmeEmu.state.members.splice(acmeEmu.state.members.findIndex((m) => m.id === 'bob'), 1);
		const guarded = await syncAcme(acmeEmu, casdoor);
		assert.match(guarded.error?.message ?? '', /would forbid 1 of the 3 users of source "acme:corp"/);
		const again = await syncAcme(acmeEmu, casdoor, { maxRemovalPercent: 50 });
		assert.equal(again.status, 'success', again.error?.message);
		const next = again.output('Sync').find((o) => o.action === 'summary');
		assert.deepEqual([next.forbidden, next.unchanged, next.created], [1, 2, 0], JSON.stringify(next));
		assert.equal(casdoor.user('bob').isForbidden, true);
		assert.equal(casdoor.user('local1').isForbidden ?? false, false, 'a local user is never touched');
	} finally {
		await acmeEmu.close();
		await casdoor.close();
	}
});
