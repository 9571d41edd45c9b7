// `npm run bench`: measure the audit and the ESLint plugin against the parse floor on a generated
// corpus, as whole processes, several repetitions each, and print medians, peak memory and ratios.
//   node bench/run.mjs [--files 2000] [--runs 3] [--scaling] [--out bench/out/results.json]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from './generate.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    scaling: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(ROOT, 'bench/out/results.json') },
    'skip-eslint': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const RSS = path.join(os.tmpdir(), `scalelint-bench-rss-${process.pid}`);

function measure(label, args, cwd, before) {
  const times = [];
  let peak = 0;
  for (let i = 0; i < RUNS; i++) {
    before?.();
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', path.join(ROOT, 'bench/rss.cjs'), ...args], {
      cwd, encoding: 'utf8', env: { ...process.env, SCALELINT_BENCH_RSS: RSS, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024,
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${label} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
    times.push(ms);
    peak = Math.max(peak, Number(fs.readFileSync(RSS, 'utf8')));
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`  ${label.padEnd(34)} median ${(median / 1000).toFixed(2).padStart(7)} s   peak ${(peak / 2 ** 20).toFixed(0).padStart(5)} MB`);
  return { median, peak, times };
}

function eslintConfig(dir, preset) {
  const file = path.join(dir, `eslint.${preset}.config.mjs`);
  const plugin = path.join(ROOT, 'dist/src/eslint/index.js');
  const parser = path.join(ROOT, 'node_modules/@typescript-eslint/parser/dist/index.js');
  const body = preset === 'none'
    ? `import * as parser from ${JSON.stringify(parser)};\nexport default [{ files: ['**/*.ts'], languageOptions: { parser } }];\n`
    : `import plugin from ${JSON.stringify(plugin)};\nexport default [plugin.configs.${preset}];\n`;
  fs.writeFileSync(file, body);
  return file;
}

function benchCorpus(n) {
  const dir = path.join(os.tmpdir(), `scalelint-bench-${n}`);
  generate(dir, n, 1);
  console.log(`\ncorpus: ${n} files (${dir})`);
  const cli = path.join(ROOT, 'bin/scalelint.js');
  const eslint = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');
  const result = { files: n };
  result.nodeStartup = measure('node start-up + load TypeScript', ['--input-type=module', '-e', `import ${JSON.stringify(path.join(ROOT, 'dist/src/audit/typescript.js'))};`], dir);
  result.parseFloor = measure('(a) parse floor', [path.join(ROOT, 'bench/parse-floor.mjs'), dir], dir);
  result.audit = measure('(b) audit, cold, one thread', [cli, 'audit', '.', '--format', 'json', '--concurrency', '1'], dir);
  const cores = os.availableParallelism();
  result.auditParallel = measure(`(c) audit, ${cores} workers`, [cli, 'audit', '.', '--format', 'json', '--concurrency', String(cores)], dir);
  // (d) a warm re-run with --cache after one file changed: fill the cache, then each repetition
  // changes one file first (so every run has exactly one miss).
  spawnSync(process.execPath, [cli, 'audit', '.', '--format', 'json', '--cache', '--concurrency', '1'], { cwd: dir });
  const touched = path.join(dir, 'src/app.ts');
  let edit = 0;
  result.auditWarm = measure('(d) audit --cache, 1 file changed', [cli, 'audit', '.', '--format', 'json', '--cache', '--concurrency', '1'], dir, () => {
    fs.appendFileSync(touched, `\n// edit ${edit++}\n`);
  });
  if (!values['skip-eslint']) {
    result.eslintNoRules = measure('(e) eslint, parser, no rules', [eslint, '--no-config-lookup', '-c', eslintConfig(dir, 'none'), '--format', 'json', 'src'], dir);
    result.eslintAll = measure('(e) eslint, configs.all', [eslint, '--no-config-lookup', '-c', eslintConfig(dir, 'all'), '--format', 'json', 'src'], dir);
  }
  const ratio = (a, b) => (a && b ? Number((a.median / b.median).toFixed(2)) : null);
  result.ratios = {
    'audit/parseFloor (b/a)': ratio(result.audit, result.parseFloor),
    'auditParallel/parseFloor (c/a)': ratio(result.auditParallel, result.parseFloor),
    'auditWarm/audit (d/b)': ratio(result.auditWarm, result.audit),
    'startup/audit': ratio(result.nodeStartup, result.audit),
    'eslintAll/eslintNoRules': ratio(result.eslintAll, result.eslintNoRules),
    'eslintNoRules/parseFloor': ratio(result.eslintNoRules, result.parseFloor),
  };
  for (const [k, v] of Object.entries(result.ratios)) if (v !== null) console.log(`  ratio ${k.padEnd(30)} ${v}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

const sizes = values.scaling ? [500, 2000, 8000] : [Number(values.files)];
const report = { tool: 'scalelint-bench', formatVersion: 1, date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, runs: RUNS, results: sizes.map(benchCorpus) };
fs.mkdirSync(path.dirname(values.out), { recursive: true });
fs.writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n');
console.log(`\nwritten to ${path.relative(process.cwd(), values.out)}`);
