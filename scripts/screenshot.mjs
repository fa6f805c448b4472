// `node scripts/screenshot.mjs`: the README's picture of the nodes in n8n's editor. Runs a
// real n8n (the e2e's 2.8.4) with the packed package against the sandbox, opens the example
// workflow in headless Chromium (Debian's `chromium` package; playwright-core is installed
// on demand into the cache folder, not into the project) and saves docs/n8n-editor.png.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { N8N_VERSION, ensureN8n, n8n, n8nEnv, prepareUserFolder } from './e2e.mjs';
import { exampleCredentials, startExampleSandbox } from './examples.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = process.env.N8N_E2E_DIR ?? join(ROOT, '.cache', `n8n-${N8N_VERSION}`); // the version ensureN8n() installs by default
const PW = join(CACHE, '..', 'playwright-core');
const PORT = 5690;
const OWNER = { email: 'owner@example.com', firstName: 'Sandbox', lastName: 'Owner', password: 'Sandbox-Owner-1' };

function playwright() {
	if (!existsSync(join(PW, 'node_modules', 'playwright-core'))) {
		mkdirSync(PW, { recursive: true });
		writeFileSync(join(PW, 'package.json'), '{"name":"pw-cache","private":true}');
		execFileSync('npm', ['install', 'playwright-core@1', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: PW, stdio: 'inherit' });
	}
	return createRequire(join(PW, 'package.json'))('playwright-core');
}

async function waitFor(url, ms = 120_000) {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	throw new Error(`${url} did not come up`);
}

const bin = ensureN8n();
const { work, userFolder } = prepareUserFolder('n8n-shot-');
const sandbox = await startExampleSandbox();
let server;
try {
	const credsFile = join(work, 'credentials.json');
	writeFileSync(credsFile, JSON.stringify(exampleCredentials(sandbox)));
	await n8n(bin, userFolder, ['import:credentials', `--input=${credsFile}`]);
	const workflow = JSON.parse(readFileSync(join(ROOT, 'examples', 'hr-onboarding.json'), 'utf8'));
	const wfFile = join(work, 'wf.json');
	writeFileSync(wfFile, JSON.stringify(workflow));
	await n8n(bin, userFolder, ['import:workflow', `--input=${wfFile}`]);

	server = spawn(process.execPath, [bin, 'start'], {
		env: { ...n8nEnv(userFolder), N8N_PORT: String(PORT), N8N_SECURE_COOKIE: 'false', N8N_PERSONALIZATION_ENABLED: 'false' },
		stdio: 'ignore',
	});
	const base = `http://127.0.0.1:${PORT}`;
	// /healthz answers before the REST routes exist; /rest/settings answers once they do.
	await waitFor(`${base}/rest/settings`);
	const setup = await fetch(`${base}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
	if (!setup.ok) throw new Error(`owner setup failed: ${setup.status} ${await setup.text()}`);

	const { chromium } = playwright();
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 820 } });
		const login = await context.request.post(`${base}/rest/login`, { data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password } });
		if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
		const page = await context.newPage();
		await page.goto(`${base}/workflow/${workflow.id}`, { waitUntil: 'networkidle', timeout: 120_000 });
		await page.getByText('Create Member', { exact: true }).first().waitFor({ timeout: 120_000 });
		await page.keyboard.press('Escape');
		await page.keyboard.press('1'); // zoom to fit
		await page.waitForTimeout(1500);
		await page.screenshot({ path: join(ROOT, 'docs', 'n8n-editor.png') });
		// Open the WeCom node so its parameters show (the canvas pane sits over the node label).
		await page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Create Member' }).first().click({ force: true });
		await page.keyboard.press('Enter');
		await page.waitForTimeout(2000);
		await page.screenshot({ path: join(ROOT, 'docs', 'n8n-node-create-member.png') });
		process.stdout.write('wrote docs/n8n-editor.png and docs/n8n-node-create-member.png\n');
	} finally {
		await browser.close();
	}
} finally {
	server?.kill();
	await sandbox.close();
}
