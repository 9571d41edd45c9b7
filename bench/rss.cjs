// Preloaded into every measured process (node --require): records its peak RSS on exit. Worker
// threads inherit the preload: only the main thread, which exits last, writes (maxRSS is the
// whole process's).
const fs = require('node:fs');
const { isMainThread } = require('node:worker_threads');
const out = process.env.SCALELINT_BENCH_RSS;
if (out && isMainThread) process.on('exit', () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS * 1024)));
