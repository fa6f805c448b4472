// `npm run e2e`: the packed package inside a real n8n, on each n8n version of N8N_VERSIONS.
// Installs n8n on demand into a cache folder (.cache/n8n-<version>), packs this package and
// installs the tarball into a temporary n8n user folder's nodes directory the way a user
// would (npm install <tarball> --omit=peer: n8n-workflow comes from n8n itself), starts the
// sandbox emulators, imports the credentials and every example workflow with n8n's CLI, runs
// the manual ones with `n8n execute --id` (as shipped, then as their sticky note says), and
// for the real-time ones starts n8n, activates the workflow and POSTs a signed, encrypted
// callback to its production webhook URL, then checks what reached the sandbox.
//   npm run e2e -- --n8n 1.123.81     one version only
//   N8N_E2E_DIR=/path/to/cache        reuse an existing n8n install (with --n8n)
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { exampleChecks, exampleCredentials, pollingChecks, realtimeChecks, runSteps, startExampleSandbox } from './examples.mjs';

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
	run('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
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

/**
 * `n8n execute --rawOutput` prints the run data as pretty JSON, after any log lines — and
 * n8n 2.x may print a log line (the task broker starting) after it. The JSON is the block
 * from the first line that is "{" to the last line that is "}".
 */
function parseRunOutput(text) {
	const start = text.search(/^\{$/m);
	const end = text.lastIndexOf('\n}');
	return JSON.parse(text.slice(start, end + 2));
}

/**
 * A temporary n8n user folder with the packed package installed as a community package, the
 * way the README tells users to install a tarball: in ~/.n8n/nodes, npm install <tarball>
 * --omit=peer (n8n provides n8n-workflow; without it npm would pull n8n-workflow and its
 * native isolated-vm into the nodes folder). Checks that nothing else was installed.
 */
export function prepareUserFolder(prefix = 'n8n-e2e-', packed = undefined) {
	const work = mkdtempSync(join(tmpdir(), prefix));
	const tarball = packed ?? packTarball(work);
	const userFolder = join(work, 'user');
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
	run('npm', ['install', tarball, '--omit=peer', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: nodesDir });
	const installed = readdirSync(join(nodesDir, 'node_modules')).filter((n) => !n.startsWith('.'));
	if (installed.join() !== 'n8n-nodes-wecom-dingtalk') throw new Error(`the tarball install pulled more than the package: ${installed.join(', ')}`);
	log(`Installed ${tarball.split('/').pop()} into the nodes folder (nothing else installed)`);
	return { work, userFolder };
}

const majorOf = (version) => Number(version.split('.')[0]);
let currentVersion = N8N_VERSION;

/** The environment every n8n process of ours runs with. */
export function n8nEnv(userFolder, extra = {}, version = currentVersion) {
	// n8n 1.123's default expression engine ("vm") runs on isolated-vm 6, which needs Node 22:
	// on Node 20 it cannot start, so the e2e (like a user on Node 20) selects the legacy engine.
	const legacyEngine = majorOf(version) === 1 && Number(process.versions.node.split('.')[0]) < 22;
	return {
		...(legacyEngine ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-secret',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		...extra,
	};
}

function freePort() {
	return new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePromise(port));
		});
		server.on('error', reject);
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Wait until `probe` returns a truthy value without throwing. */
async function waitFor(probe, ms, what) {
	const deadline = Date.now() + ms;
	let last;
	while (Date.now() < deadline) {
		try {
			const value = probe();
			if (value) return value;
		} catch (error) {
			last = error;
		}
		await sleep(1000);
	}
	throw new Error(`${what} did not happen within ${ms / 1000} s${last ? `: ${last.message}` : ''}`);
}

/** POST until n8n has registered the webhook (404 / 503 while it is still starting up). */
async function deliver(url, delivery, deadline) {
	let last = '';
	while (Date.now() < deadline) {
		try {
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': delivery.contentType }, body: delivery.body });
			const text = await res.text();
			// n8n 2.8 answers 200 "n8n is starting up. Please wait" before it serves webhooks.
			if (res.status === 200 && !/n8n is starting up/i.test(text)) return text;
			last = `${res.status} ${text.slice(0, 300)}`;
			if (res.status !== 200 && res.status !== 404 && res.status !== 503) throw new Error(`webhook answered ${last}`);
		} catch (error) {
			if (String(error.message).startsWith('webhook answered')) throw error;
			last = error.message;
		}
		await sleep(500);
	}
	throw new Error(`the webhook was not ready in time: ${last}`);
}

/** Start `n8n start` with the real-time workflows active, deliver one callback to each, check the sandbox. */
async function runRealtime(version, bin, userFolder, work, sandbox, imported) {
	let failed = 0;
	for (const id of imported) {
		// 1.x: update:workflow --active; 2.x: publish:workflow (update:workflow --active is gone).
		const args = majorOf(version) >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'];
		await n8n(bin, userFolder, args);
	}
	const port = await freePort();
	const startedAt = Date.now();
	const logFile = join(work, 'n8n-start.log');
	const fd = openSync(logFile, 'w');
	const child = spawn(process.execPath, [bin, 'start'], {
		env: n8nEnv(userFolder, { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', WEBHOOK_URL: `http://127.0.0.1:${port}/` }),
		stdio: ['ignore', fd, fd],
	});
	try {
		for (const [file, check] of Object.entries(realtimeChecks)) {
			const workflow = JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8'));
			const trigger = workflow.nodes.find((n) => n.name === check.trigger);
			const started = Date.now();
			try {
				check.before(sandbox);
				const delivery = check.delivery(sandbox);
				const url = `http://127.0.0.1:${port}/webhook/${trigger.webhookId}/webhook?${new URLSearchParams(delivery.query)}`;
				const text = await deliver(url, delivery, Date.now() + 120_000);
				check.checkResponse(text);
				// The run continues after the trigger has answered: wait for its effect.
				let detail;
				for (let i = 0; ; i++) {
					try {
						detail = check.checkSandbox(sandbox);
						break;
					} catch (error) {
						if (i >= 60) throw error;
						await sleep(500);
					}
				}
				log(`✓ ${file} (n8n start, active workflow, ${Date.now() - started} ms): ${detail}`);
			} catch (error) {
				failed++;
				log(`✗ ${file}: ${error.message}\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
			}
		}
		for (const [file, check] of Object.entries(pollingChecks)) {
			const started = Date.now();
			try {
				await waitFor(() => check.baselineRead(sandbox, startedAt), 120_000, 'the baseline poll');
				await sleep(2000); // the baseline is stored after the read
				check.change(sandbox);
				const detail = await waitFor(() => check.checkSandbox(sandbox), 150_000, 'the next poll');
				log(`✓ ${file} (n8n start, active workflow polling every minute, ${Date.now() - started} ms): ${detail}`);
			} catch (error) {
				failed++;
				log(`✗ ${file}: ${error.message}\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
			}
		}
	} finally {
		child.kill('SIGTERM');
		await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
		closeSync(fd);
	}
	return failed;
}

async function runVersion(version, tarball) {
	currentVersion = version;
	const bin = ensureN8n(version);
	const { work, userFolder } = prepareUserFolder('n8n-e2e-', tarball);
	const sandbox = await startExampleSandbox();
	let failed = 0;
	try {
		const credsFile = join(work, 'credentials.json');
		writeFileSync(credsFile, JSON.stringify(exampleCredentials(sandbox), null, 2));
		await n8n(bin, userFolder, ['import:credentials', `--input=${credsFile}`]);
		const examplesDir = join(ROOT, 'examples');
		const realtime = [];
		for (const file of readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort()) {
			const workflow = JSON.parse(readFileSync(join(examplesDir, file), 'utf8'));
			const id = workflow.id ?? file.replace(/\W/g, '').slice(0, 16);
			const wfFile = join(work, file);
			const importAs = (wf) => {
				writeFileSync(wfFile, JSON.stringify({ ...wf, id, active: false }));
				return n8n(bin, userFolder, ['import:workflow', `--input=${wfFile}`]);
			};
			await importAs(workflow);
			if (realtimeChecks[file]) {
				realtime.push(id);
				continue;
			}
			if (pollingChecks[file]) {
				pollingChecks[file].edit(workflow);
				await importAs(workflow);
				realtime.push(id);
				continue;
			}
			const check = exampleChecks[file];
			if (!check) {
				log(`- ${file}: imported; not run (Stream mode needs Node 22's WebSocket and DingTalk's Stream gateway; the Stream trigger is tested against a gateway emulator in npm test)`);
				continue;
			}
			await check.before?.(sandbox);
			for (const [n, { edit, check: assertRun }] of runSteps(check).entries()) {
				const started = Date.now();
				let output = '';
				try {
					if (edit) {
						edit(workflow);
						await importAs(workflow);
					}
					output = await n8n(bin, userFolder, ['execute', `--id=${id}`, '--rawOutput']);
					const runData = parseRunOutput(output).data.resultData.runData;
					log(`✓ ${file} run ${n + 1} (${Date.now() - started} ms): ${assertRun(runData, sandbox)}`);
				} catch (error) {
					failed++;
					log(`✗ ${file} run ${n + 1}: ${error.message}\n${output.slice(0, 3000)}`);
				}
			}
		}
		failed += await runRealtime(version, bin, userFolder, work, sandbox, realtime);
	} finally {
		await sandbox.close();
		rmSync(work, { recursive: true, force: true });
	}
	log(`n8n ${version} e2e: ${failed ? `${failed} failed` : 'all passed'}\n`);
	return failed;
}

async function main() {
	const i = process.argv.indexOf('--n8n');
	const versions = i > 0 ? [process.argv[i + 1]] : N8N_VERSIONS;
	// One tarball for every version, packed once (a build running meanwhile cannot change it).
	const packDir = mkdtempSync(join(tmpdir(), 'n8n-e2e-pack-'));
	let failed = 0;
	try {
		const tarball = packTarball(packDir);
		for (const version of versions) {
			log(`— n8n ${version} —`);
			failed += await runVersion(version, tarball);
		}
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
	if (failed) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
