// One baseline client (Casdoor's strategy) in a process of its own. In the bench's process,
// what a baseline leaves behind weighed on the cases measured after it, on our node and not
// on n8n's helper: WeCom 10k / 50k measured 1.04 / 1.07 × the helper with no baseline before
// them and 1.10 / 1.10 with the baselines (2026-12-06).
import { baselineDingTalk, baselineWeCom } from './baseline.mjs';

const [provider, args] = process.argv.slice(2);
const client = provider === 'wecom' ? baselineWeCom : baselineDingTalk;
const started = performance.now();
const value = await client(JSON.parse(args));
process.send({ ms: performance.now() - started, value }, () => process.exit(0));
