// `npm run scan`: n8n's verification scanner (@n8n/scan-community-package) on this package,
// before it is published. The scanner's CLI downloads a published version from npm, checks
// its provenance, lints the attested source (package.json, nodes/, credentials/) and the
// packed tarball (every .js and package.json). This script runs the same two lint legs with
// the scanner's own code and rule set on the working copy and on a tarball packed from it;
// only the provenance check needs a published version (it runs when CI publishes with
// `npm publish --provenance`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line) => process.stdout.write(`${line}\n`);

// SCAN_COMMUNITY_PACKAGE_DIR points at another install of the scanner (to try a newer one).
const scannerDir = process.env.SCAN_COMMUNITY_PACKAGE_DIR;
const require = createRequire(scannerDir ? join(scannerDir, 'noop.js') : join(ROOT, 'package.json'));
let scannerPath;
try {
	scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
} catch {
	log('@n8n/scan-community-package is not installed: run `npm ci` first.');
	process.exit(1);
}
const scannerVersion = require('@n8n/scan-community-package/package.json').version;

const work = mkdtempSync(join(tmpdir(), 'n8n-scan-'));
const exitCleanly = (code) => {
	rmSync(work, { recursive: true, force: true });
	process.exitCode = code;
};
try {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
	const packageDir = join(work, 'package');
	mkdirSync(packageDir);
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', packageDir, '--strip-components=1']);

	// The scanner makes a temporary folder when it loads: make it inside ours, removed at the end.
	const tmpBefore = process.env.TMPDIR;
	process.env.TMPDIR = work;
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerPath).href);
	if (tmpBefore === undefined) delete process.env.TMPDIR;
	else process.env.TMPDIR = tmpBefore;
	const legs = [
		['source (package.json, nodes/, credentials/)', await analyzePackage(ROOT, SOURCE_FILE_PATTERNS)],
		[`tarball ${tarball} (every .js, package.json)`, await analyzePackage(packageDir, ['**/*.js', 'package.json'])],
	];
	let failed = false;
	log(`n8n verification scanner @n8n/scan-community-package ${scannerVersion}:`);
	for (const [label, result] of legs) {
		log(`  ${result.passed ? '✓' : '✗'} ${label}${result.passed ? '' : `: ${result.message}`}`);
		if (!result.passed) {
			failed = true;
			if (result.details) log(result.details);
		}
	}
	log(failed ? 'The scan failed: n8n would refuse to verify this package.' : 'The scan passed (the provenance check runs on the published version).');
	exitCleanly(failed ? 1 : 0);
} catch (error) {
	log(`The scan could not run: ${error.message}`);
	exitCleanly(1);
}
