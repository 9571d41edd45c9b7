// Preloaded into every measured process (node --require): records its peak RSS on exit.
const fs = require('node:fs');
const out = process.env.SCALELINT_BENCH_RSS;
if (out) process.on('exit', () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS * 1024)));
