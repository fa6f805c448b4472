// npm 11 drops the platform-specific optional packages of unrs-resolver (a lint tool's
// dependency) from package-lock.json when it installs on Linux, and `npm ci` then refuses
// the lockfile ("Missing: @unrs/resolver-binding-… from lock file"). Run this after any
// `npm install` that rewrites the lockfile: it adds the missing entries (never installed
// on this platform, so no download address or checksum is needed).
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM = {
	'android-arm-eabi': ['android', 'arm'], 'android-arm64': ['android', 'arm64'], 'darwin-arm64': ['darwin', 'arm64'],
	'darwin-x64': ['darwin', 'x64'], 'freebsd-x64': ['freebsd', 'x64'], 'linux-arm-gnueabihf': ['linux', 'arm'],
	'linux-arm-musleabihf': ['linux', 'arm'], 'linux-arm64-gnu': ['linux', 'arm64'], 'linux-arm64-musl': ['linux', 'arm64'],
	'linux-loong64-gnu': ['linux', 'loong64'], 'linux-loong64-musl': ['linux', 'loong64'], 'linux-ppc64-gnu': ['linux', 'ppc64'],
	'linux-riscv64-gnu': ['linux', 'riscv64'], 'linux-riscv64-musl': ['linux', 'riscv64'], 'linux-s390x-gnu': ['linux', 's390x'],
	'linux-x64-gnu': ['linux', 'x64'], 'linux-x64-musl': ['linux', 'x64'], 'openharmony-arm64': ['openharmony', 'arm64'],
	'win32-arm64-msvc': ['win32', 'arm64'], 'win32-ia32-msvc': ['win32', 'ia32'], 'win32-x64-msvc': ['win32', 'x64'],
};

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const added = [];
for (const [key, entry] of Object.entries(lock.packages)) {
	if (!key.endsWith('node_modules/unrs-resolver')) continue;
	const base = key.slice(0, -'unrs-resolver'.length);
	for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
		const target = `${base}${name}`;
		const platform = PLATFORM[name.split('resolver-binding-')[1]];
		if (lock.packages[target] || !platform) continue;
		lock.packages[target] = { version, cpu: [platform[1]], license: 'MIT', optional: true, os: [platform[0]] };
		added.push(name);
	}
}
const [root, ...rest] = Object.entries(lock.packages);
lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(added.length ? `added ${added.length} lockfile entries\n` : 'lockfile already complete\n');
