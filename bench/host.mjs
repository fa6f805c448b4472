// The bench side of emulatorHost.mjs: start an emulator in its own process and talk to it.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HOST = fileURLToPath(new URL('./emulatorHost.mjs', import.meta.url));

export async function hostEmulator(provider, { org, options = {} } = {}) {
	const child = fork(HOST, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--max-old-space-size=8192'] });
	let next = 0;
	const waiting = new Map();
	child.on('message', (msg) => {
		const w = waiting.get(msg.id);
		if (!w) return;
		waiting.delete(msg.id);
		if (msg.ok) w.resolve(msg);
		else w.reject(new Error(msg.error));
	});
	const ask = (cmd, extra = {}) =>
		new Promise((resolve, reject) => {
			const id = ++next;
			waiting.set(id, { resolve, reject });
			child.send({ id, cmd, ...extra });
		});
	const info = await ask('start', { provider, org, options });
	return {
		...info,
		stats: () => ask('stats'),
		clearLog: () => ask('clearLog'),
		resetRateWindows: () => ask('resetRateWindows'),
		cpuMs: async () => (await ask('cpu')).ms,
		eval: async (body) => (await ask('eval', { body })).value,
		close: async () => {
			await ask('close').catch(() => undefined);
			child.kill();
		},
	};
}
