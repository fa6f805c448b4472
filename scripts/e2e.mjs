// `npm run e2e`: the packed package inside a real n8n. Installs n8n (2.8.4: the newest
// release that supports Node 20) on demand into a cache folder, installs our tarball into
// a temporary n8n user folder's nodes directory (how n8n installs community packages),
// starts the sandbox emulators, imports credentials and each example workflow with n8n's
// CLI, runs each with `n8n execute --id`, and checks the output.
//   N8N_E2E_DIR=/path/to/cache  reuse an existing n8n install
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { exampleChecks, exampleCredentials, startExampleSandbox } from './examples.mjs';

/** The n8n versions the e2e runs on: the newest that support Node 20 in each major line. */
export const N8N_VERSIONS = ['2.8.4', '1.123.81'];
export const N8N_VERSION = N8N_VERSIONS[0];
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheFor = (version) => process.env.N8N_E2E_DIR ?? join(ROOT, '.cache', `n8n-${version}`);
const log = (line) => process.stdout.write(`${line}\n`);

function run(cmd, args, opts = {}) {
	return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 2 ** 20, ...opts });
}

export function ensureN8n(version = N8N_VERSION) {
	const cache = cacheFor(version);
	const bin = join(cache, 'node_modules', 'n8n', 'bin', 'n8n');
	const sqlite = join(cache, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
	if (existsSync(bin) && existsSync(sqlite)) return bin;
	log(`Installing n8n ${version} into ${cache} (once; several minutes)…`);
	mkdirSync(cache, { recursive: true });
	// xlsx's own dependency URL points outside the registry; the registry's 0.18.5 replaces it.
	writeFileSync(
		join(cache, 'package.json'),
		JSON.stringify({ name: 'n8n-e2e-cache', private: true, dependencies: { n8n: version }, overrides: { xlsx: '0.18.5' } }, null, 2),
	);
	run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: cache, stdio: 'inherit' });
	// Install scripts are off (n8n-workflow pulls a native module that needs Node 24), so build
	// sqlite3 by hand. Under `npm run`, npm exports npm_config_ignore_scripts=true (from our
	// .npmrc) to this process; --ignore-scripts=false on the command line wins over it, or the
	// rebuild silently builds nothing. Node's own headers are used when they ship with Node.
	const env = { ...process.env, npm_config_build_from_source: 'true' };
	delete env.npm_config_ignore_scripts;
	const nodeDir = resolve(dirname(process.execPath), '..');
	if (existsSync(join(nodeDir, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodeDir;
	run('npm', ['rebuild', 'sqlite3', '--build-from-source', '--ignore-scripts=false', '--loglevel=error'], { cwd: cache, stdio: 'inherit', env });
	if (!existsSync(sqlite)) throw new Error(`sqlite3 was not built in ${cache}; n8n cannot start without it (is a C++ toolchain and python3 installed?)`);
	return bin;
}

export function packTarball(outDir) {
	run('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	const name = run('npm', ['pack', '--pack-destination', outDir, '--silent'], { cwd: ROOT }).trim().split('\n').pop();
	return join(outDir, name);
}

let outputCounter = 0;
/**
 * Run an n8n CLI command. Its output goes to a file, not a pipe: the CLI exits right after
 * printing, and a pipe would lose the end of a large run-data JSON.
 */
export function n8n(bin, userFolder, args) {
	const file = join(userFolder, `cli-output-${++outputCounter}.txt`);
	const fd = openSync(file, 'w');
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, [bin, ...args], {
			env: n8nEnv(userFolder),
			stdio: ['ignore', fd, fd],
		});
		child.on('close', (code) => {
			closeSync(fd);
			const out = readFileSync(file, 'utf8');
			if (code === 0) resolvePromise(out);
			else reject(new Error(`n8n ${args.join(' ')} exited ${code}\n${out.slice(-3000)}`));
		});
	});
}

/** `n8n execute --rawOutput` prints the run data as JSON, after any log lines. */
function parseRunOutput(text) {
	const start = text.search(/^\{/m);
	return JSON.parse(text.slice(start));
}

/** A temporary n8n user folder with the packed package installed as a community package. */
export function prepareUserFolder(prefix = 'n8n-e2e-') {
	const work = mkdtempSync(join(tmpdir(), prefix));
	const tarball = packTarball(work);
	log(`Packed ${tarball}`);
	const userFolder = join(work, 'user');
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
	// --legacy-peer-deps: n8n provides n8n-workflow itself; do not install a second copy.
	run('npm', ['install', tarball, '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund'], { cwd: nodesDir });
	return { work, userFolder };
}

/** The environment every n8n process of ours runs with. */
export function n8nEnv(userFolder) {
	return {
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-secret',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
	};
}

async function main() {
	const bin = ensureN8n();
	const { work, userFolder } = prepareUserFolder();

	const sandbox = await startExampleSandbox();
	let failed = 0;
	try {
		const credsFile = join(work, 'credentials.json');
		writeFileSync(credsFile, JSON.stringify(exampleCredentials(sandbox), null, 2));
		await n8n(bin, userFolder, ['import:credentials', `--input=${credsFile}`]);
		const examplesDir = join(ROOT, 'examples');
		for (const file of readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort()) {
			const check = exampleChecks[file];
			if (!check) {
				log(`- ${file}: no e2e check (trigger workflows are covered by the webhook tests)`);
				continue;
			}
			const workflow = JSON.parse(readFileSync(join(examplesDir, file), 'utf8'));
			const wfFile = join(work, file);
			writeFileSync(wfFile, JSON.stringify({ ...workflow, id: workflow.id ?? file.replace(/\W/g, '').slice(0, 16) }));
			await n8n(bin, userFolder, ['import:workflow', `--input=${wfFile}`]);
			await check.before?.(sandbox);
			for (const [n, assertRun] of check.runs.entries()) {
				const started = Date.now();
				let output = '';
				try {
					output = await n8n(bin, userFolder, ['execute', `--id=${workflow.id}`, '--rawOutput']);
					const runData = parseRunOutput(output).data.resultData.runData;
					log(`✓ ${file} run ${n + 1} (${Date.now() - started} ms): ${assertRun(runData, sandbox)}`);
				} catch (error) {
					failed++;
					log(`✗ ${file} run ${n + 1}: ${error.message}\n${output.slice(0, 3000)}`);
				}
			}
		}
	} finally {
		await sandbox.close();
	}
	log(`n8n ${N8N_VERSION} e2e: ${failed ? `${failed} failed` : 'all passed'}`);
	if (failed) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
