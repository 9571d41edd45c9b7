// `npm run bench`: measure the audit and the ESLint plugin against the parse floor on a generated
// corpus, as whole processes, in interleaved rounds, and print medians, peak memory and ratios.
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
process.on('exit', () => fs.rmSync(RSS, { force: true }));

/** One run of a whole process: wall time (ms) and peak RSS (bytes). `check(stdout)` must hold. */
function runOnce(label, args, cwd, check) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', path.join(ROOT, 'bench/rss.cjs'), ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, SCALELINT_BENCH_RSS: RSS, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${label} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  // Exit code 1 is "findings" for the audit and ESLint, and also an uncaught error: look at the output.
  if (check && !check(r.stdout)) throw new Error(`${label} gave no report: ${r.stderr.slice(0, 2000)}`);
  return { ms, rss: Number(fs.readFileSync(RSS, 'utf8')) };
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * Run every variant once per round, `RUNS` rounds, interleaved: a machine whose speed drifts
 * over minutes (this repository's CI machine drifts by 15% and more) then slows every variant of
 * a round alike. Ratios are the median of the per-round ratios, times the medians.
 */
function measureAll(variants, cwd) {
  const times = Object.fromEntries(variants.map((v) => [v.key, []]));
  const peaks = Object.fromEntries(variants.map((v) => [v.key, 0]));
  for (let round = 0; round < RUNS; round++) {
    for (const v of variants) {
      v.before?.();
      const { ms, rss } = runOnce(v.label, v.args, v.cwd ?? cwd, v.check);
      times[v.key].push(ms);
      peaks[v.key] = Math.max(peaks[v.key], rss);
    }
  }
  const out = {};
  for (const v of variants) {
    out[v.key] = { median: median(times[v.key]), peak: peaks[v.key], times: times[v.key] };
    console.log(`  ${v.label.padEnd(34)} median ${(out[v.key].median / 1000).toFixed(2).padStart(7)} s   peak ${(out[v.key].peak / 2 ** 20).toFixed(0).padStart(5)} MB`);
  }
  return out;
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

/** The ESLint plugin's project scan kept on disk (src/eslint/project.ts), for a first run. */
function dropScanCache(dir) {
  const folder = path.join(dir, 'node_modules/.cache/scalelint');
  if (!fs.existsSync(folder)) return;
  for (const f of fs.readdirSync(folder)) if (f.startsWith('eslint-scan-')) fs.rmSync(path.join(folder, f));
}

function benchCorpus(n) {
  const dir = path.join(os.tmpdir(), `scalelint-bench-${n}`);
  generate(dir, n, 1);
  const generated = Date.now();
  console.log(`\ncorpus: ${n} files (${dir})`);
  const cli = path.join(ROOT, 'bin/scalelint.js');
  const eslint = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');
  const result = { files: n };
  const cores = os.availableParallelism();
  // (d) a warm re-run with --cache after one file changed: fill the cache, then each repetition
  // changes one file first (so every run has exactly one miss).
  const fill = () => spawnSync(process.execPath, [cli, 'audit', '.', '--format', 'json', '--cache', '--concurrency', '1'], { cwd: dir });
  fill();
  // A file changed less than two seconds before a run is read by it, and keeps no stat signature
  // (src/engine/result-cache.ts): filled that early, the cache would make the first (d) run the
  // one that reads every file and keeps their signatures, as the first run after a checkout does.
  const old = generated + 2100 - Date.now();
  if (old > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, old);
  fill();
  // Where the audit's cache and the ESLint plugin's project scan are kept, as in a real checkout.
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  const touched = path.join(dir, 'src/app.ts');
  // (d') the same, after an edit that changes a typical file's code (and so its facts and findings).
  const edited = path.join(dir, 'src/routes/order-routes-0.ts');
  let edit = 0;
  const auditReport = (stdout) => {
    try {
      return JSON.parse(stdout).summary.files === n;
    } catch {
      return false;
    }
  };
  const eslintReport = (stdout) => {
    try {
      return JSON.parse(stdout).length === n;
    } catch {
      return false;
    }
  };
  const variants = [
    { key: 'nodeStartup', label: 'node start-up + load TypeScript', args: ['--input-type=module', '-e', `import { typescript } from ${JSON.stringify(path.join(ROOT, 'dist/src/audit/typescript.js'))}; typescript();`] },
    { key: 'parseFloor', label: '(a) parse floor', args: [path.join(ROOT, 'bench/parse-floor.mjs'), dir] },
    { key: 'audit', label: '(b) audit, cold, one thread', args: [cli, 'audit', '.', '--format', 'json', '--concurrency', '1'], check: auditReport },
    { key: 'auditParallel', label: `(c) audit, ${cores} threads`, args: [cli, 'audit', '.', '--format', 'json', '--concurrency', String(cores)], check: auditReport },
    {
      key: 'auditWarm', label: '(d) audit --cache, 1 file changed', args: [cli, 'audit', '.', '--format', 'json', '--cache', '--concurrency', '1'], check: auditReport,
      before: () => fs.appendFileSync(touched, `\n// edit ${edit++}\n`),
    },
    {
      key: 'auditWarmCode', label: "(d') audit --cache, 1 file's code changed", args: [cli, 'audit', '.', '--format', 'json', '--cache', '--concurrency', '1'], check: auditReport,
      before: () => fs.writeFileSync(edited, `export const benchEdit${edit} = ${edit++};\n${fs.readFileSync(edited, 'utf8')}`),
    },
  ];
  if (!values['skip-eslint']) {
    // ESLint runs on a copy of the corpus: (e') edits a file, and the audit's (d) must not see
    // that edit as a change of its own (nor ESLint the audit's).
    const eslintDir = `${dir}-eslint`;
    fs.rmSync(eslintDir, { recursive: true, force: true });
    fs.cpSync(dir, eslintDir, { recursive: true, filter: (f) => !f.includes(`${path.sep}.cache`) });
    const eslintEdited = path.join(eslintDir, 'src/routes/order-routes-0.ts');
    const inCopy = (v) => ({ ...v, cwd: eslintDir });
    variants.push(...[
      { key: 'eslintNoRules', label: '(e) eslint, parser, no rules', args: [eslint, '--no-config-lookup', '-c', eslintConfig(eslintDir, 'none'), '--format', 'json', 'src'], check: eslintReport },
      // The plugin keeps its project scan in node_modules/.cache/scalelint between runs: (e) is a
      // first run (none kept), (e') the next one after a file's code changed.
      {
        key: 'eslintAll', label: '(e) eslint, configs.all, first run', args: [eslint, '--no-config-lookup', '-c', eslintConfig(eslintDir, 'all'), '--format', 'json', 'src'], check: eslintReport,
        before: () => dropScanCache(eslintDir),
      },
      // ESLint's own threads (`--concurrency`), each with a copy of the plugin: one scans the
      // project, the others wait for its results (src/engine/file-lock.ts).
      {
        key: 'eslintAllThreads', label: `(e) eslint --concurrency ${cores}, configs.all, first run`, args: [eslint, '--no-config-lookup', '-c', eslintConfig(eslintDir, 'all'), '--format', 'json', '--concurrency', String(cores), 'src'], check: eslintReport,
        before: () => dropScanCache(eslintDir),
      },
      {
        key: 'eslintAllWarm', label: "(e') eslint, configs.all, next run, 1 file's code changed", args: [eslint, '--no-config-lookup', '-c', eslintConfig(eslintDir, 'all'), '--format', 'json', 'src'], check: eslintReport,
        before: () => fs.writeFileSync(eslintEdited, `export const benchEdit${edit} = ${edit++};\n${fs.readFileSync(eslintEdited, 'utf8')}`),
      },
      // Linting one file (an editor, lint-staged): the project scan is most of it.
      { key: 'eslintOneNoRules', label: '(f) eslint, 1 file, no rules', args: [eslint, '--no-config-lookup', '-c', eslintConfig(eslintDir, 'none'), '--format', 'json', 'src/app.ts'] },
      { key: 'eslintOneAll', label: '(f) eslint, 1 file, configs.all, next run', args: [eslint, '--no-config-lookup', '-c', eslintConfig(eslintDir, 'all'), '--format', 'json', 'src/app.ts'] },
      {
        key: 'eslintOneAllFirst', label: '(f) eslint, 1 file, configs.all, first run', args: [eslint, '--no-config-lookup', '-c', eslintConfig(eslintDir, 'all'), '--format', 'json', 'src/app.ts'],
        before: () => dropScanCache(eslintDir),
      },
    ].map(inCopy));
  }
  const measured = measureAll(variants, dir);
  Object.assign(result, measured);
  // Per round, then the median: robust to a machine whose speed drifts between rounds.
  const ratio = (a, b) => (a && b ? Number(median(a.times.map((t, i) => t / b.times[i])).toFixed(2)) : null);
  result.ratios = {
    'audit/parseFloor (b/a)': ratio(result.audit, result.parseFloor),
    'auditParallel/parseFloor (c/a)': ratio(result.auditParallel, result.parseFloor),
    'auditWarm/audit (d/b)': ratio(result.auditWarm, result.audit),
    "auditWarmCode/audit (d'/b)": ratio(result.auditWarmCode, result.audit),
    'startup/audit': ratio(result.nodeStartup, result.audit),
    'eslintAll/eslintNoRules': ratio(result.eslintAll, result.eslintNoRules),
    "eslintAllWarm/eslintNoRules (e')": ratio(result.eslintAllWarm, result.eslintNoRules),
    'eslintAllThreads/eslintAll (threads, first run)': ratio(result.eslintAllThreads, result.eslintAll),
    'eslintOneAll/eslintOneNoRules (f)': ratio(result.eslintOneAll, result.eslintOneNoRules),
    'eslintOneAllFirst/eslintOneNoRules (f)': ratio(result.eslintOneAllFirst, result.eslintOneNoRules),
    'eslintNoRules/parseFloor': ratio(result.eslintNoRules, result.parseFloor),
  };
  for (const [k, v] of Object.entries(result.ratios)) if (v !== null) console.log(`  ratio ${k.padEnd(30)} ${v}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(`${dir}-eslint`, { recursive: true, force: true });
  return result;
}

const sizes = values.scaling ? [500, 2000, 8000] : [Number(values.files)];
const report = { tool: 'scalelint-bench', formatVersion: 2, date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, runs: RUNS, results: sizes.map(benchCorpus) };
fs.mkdirSync(path.dirname(values.out), { recursive: true });
fs.writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n');
console.log(`\nwritten to ${path.relative(process.cwd(), values.out)}`);
