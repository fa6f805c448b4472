// `npm run dev`: n8n with this package, rebuilt on every change — what `n8n-node dev` does,
// with an n8n that runs on Node 20 (n8n-node dev starts n8n@latest, which needs a newer
// Node). Installs n8n 2.8.4 once into .cache/ (as the e2e does), links this folder into a
// dev user folder's community nodes (.cache/dev-user/.n8n/nodes/node_modules: loaded as a
// package from its package.json, not by scanning the folder, which would walk node_modules),
// runs `tsc --watch`, and starts n8n with N8N_DEV_RELOAD so it reloads the nodes when dist/
// changes. Ctrl+C stops both.
//   npm run dev -- --n8n 1.123.81    another n8n version; run `npm run sandbox` alongside
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8N_VERSION, ensureN8n, n8nEnv } from './e2e.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const i = process.argv.indexOf('--n8n');
const version = i > 0 ? process.argv[i + 1] : N8N_VERSION;
const bin = ensureN8n(version);
execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });

const { name } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const userFolder = join(ROOT, '.cache', 'dev-user');
const nodesDir = join(userFolder, '.n8n', 'nodes');
mkdirSync(join(nodesDir, 'node_modules'), { recursive: true });
if (!existsSync(join(nodesDir, 'package.json'))) writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [name]: `file:${ROOT}` } }));
if (!existsSync(join(nodesDir, 'node_modules', name))) symlinkSync(ROOT, join(nodesDir, 'node_modules', name), 'dir');

const children = [
	spawn('npx', ['tsc', '-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'], { cwd: ROOT, stdio: 'inherit' }),
	spawn(process.execPath, [bin, 'start'], { env: n8nEnv(userFolder, { N8N_DEV_RELOAD: 'true' }, version), stdio: 'inherit' }),
];
process.stdout.write(`n8n ${version} with ${name} linked: http://localhost:5678 (user folder ${userFolder}). Ctrl+C stops.\n`);
const stop = () => {
	for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
