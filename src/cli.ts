// `scalelint`: audit a project, list rules. Exit codes: 0 clean (or warnings within
// --max-warnings), 1 findings, 2 usage error, invalid config or internal error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BASELINE } from './audit/baseline.js';
import { collectChanges } from './audit/changes.js';
import { ConfigError, overrideSeverity, type Severity } from './audit/config.js';
import { loadConfig } from './audit/config-file.js';
import { reporters, FORMATS } from './audit/reporters/index.js';
import { createProgress } from './audit/reporters/progress.js';
import { addTiming, formatTimings, timings } from './engine/timing.js';
import { rulesJson, rulesText } from './audit/reporters/rules.js';
import type { Reporter } from './audit/reporters/types.js';
import { DEFAULT_MAX_FILE_SIZE } from './audit/defaults.js';
import type { AuditResult } from './audit/run.js';
import { parseShardSpec, ShardError, type ShardFile } from './audit/shard.js';
import { pkg } from './version.js';

const HELP = `scalelint ${pkg.version}: find scalability anti-patterns in Node.js/TypeScript backends

Usage:
  scalelint audit [paths...]     audit the project in the working directory (or the folder given)
  scalelint rules                list the rules
  scalelint merge FILES...       reduce shard results into one report

Output:
  --format text|json|sarif|html|markdown|github   report format (default: text)
  --output FILE                  write the report to FILE instead of stdout
  --quiet                        report errors only, not warnings
  --no-progress                  never show a progress line

Rules and configuration:
  --config FILE                  configuration file (default: scalelint.config.json or package.json "scalelint")
  --rule id=off|warn|error       override a rule's severity (repeatable)
  --max-file-size BYTES          skip larger files (default: ${DEFAULT_MAX_FILE_SIZE})

Fixing:
  --fix                          apply autofixes and write the changed files
  --fix-dry-run                  print what --fix would change, write nothing

CI:
  --max-warnings N               exit 1 when there are more than N warnings
  --baseline FILE                report only findings not accepted in FILE
  --update-baseline              accept every current finding: write the baseline (default ${DEFAULT_BASELINE})
  --staged                       audit what is staged in the git index (for a pre-commit hook)
  --changed [--since REF]        audit the files changed against REF (default HEAD), untracked included
  --report-unused-disable-directives
                                 warn about eslint-disable comments for scalelint rules that silence nothing

Speed and scale:
  --cache                        reuse unchanged files' results (node_modules/.cache/scalelint)
  --concurrency N                threads that parse and walk files: this one and N-1 workers (default: 1)
  --shard I/N                    analyse the I-th of N parts of the files and write their facts as JSON
                                 (--output FILE); \`scalelint merge\` turns the N files into one report

Exit codes: 0 no findings (or only warnings within --max-warnings), 1 findings, 2 usage or config error.
`;

class UsageError extends Error {}


function parseAudit(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      output: { type: 'string' },
      fix: { type: 'boolean' },
      'fix-dry-run': { type: 'boolean' },
      config: { type: 'string' },
      rule: { type: 'string', multiple: true },
      baseline: { type: 'string' },
      'update-baseline': { type: 'boolean' },
      'max-warnings': { type: 'string' },
      staged: { type: 'boolean' },
      changed: { type: 'boolean' },
      since: { type: 'string' },
      'report-unused-disable-directives': { type: 'boolean' },
      'max-file-size': { type: 'string' },
      concurrency: { type: 'string' },
      cache: { type: 'boolean' },
      shard: { type: 'string' },
      quiet: { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { values, positionals };
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number (got "${value}")`);
  return Number(value);
}

async function runAudit(argv: string[]): Promise<number> {
  const { values, positionals } = parseAudit(argv);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const reporter = reporters[format];
  if (!reporter) throw new UsageError(`--format ${format} is not available in scalelint ${pkg.version} yet`);
  const maxWarnings = integer('max-warnings', values['max-warnings']);
  const maxFileSize = integer('max-file-size', values['max-file-size']);
  // Workers do not pay yet (measured: 2 workers 1.3x slower than one thread on 2,000 files, 2 cores).
  const concurrency = integer('concurrency', values.concurrency) ?? 1;
  if (concurrency < 1) throw new UsageError('--concurrency takes a whole number of at least 1');
  const shard = values.shard !== undefined ? parseShardSpec(values.shard) : undefined;
  if (shard && (values.fix || values['fix-dry-run'] || values.staged || values.changed || values.baseline || values['update-baseline'])) {
    throw new UsageError('--shard writes facts for `scalelint merge`: it does not combine with fixes, baselines or change runs');
  }
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run exclude each other');
  if (values.staged && values.changed) throw new UsageError('--staged and --changed exclude each other');
  if (values.since !== undefined && !values.changed) throw new UsageError('--since goes with --changed');
  if (values.staged && (values.fix || values['fix-dry-run'])) {
    throw new UsageError('--staged audits the git index; fixes apply to the working tree: run --fix without --staged');
  }

  // One folder names the project; files or several folders narrow the report inside the
  // project of the working directory.
  let rootArg = '.';
  let paths: string[] | undefined;
  if (positionals.length === 1 && fs.existsSync(positionals[0]!) && fs.statSync(positionals[0]!).isDirectory()) {
    rootArg = positionals[0]!;
  } else if (positionals.length > 0) {
    for (const p of positionals) if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
    paths = positionals;
  }
  const root = path.resolve(rootArg);
  const config = loadConfig(root, values.config);
  for (const spec of values.rule ?? []) {
    const match = /^(?:scalelint\/)?([a-z0-9-]+)=(off|warn|error)$/.exec(spec);
    if (!match) throw new UsageError(`--rule takes id=off|warn|error (got "${spec}")`);
    overrideSeverity(config, match[1]!, match[2] as Severity);
  }
  const changes = values.staged || values.changed
    ? collectChanges(root, { mode: values.staged ? 'staged' : 'changed', ...(values.since !== undefined ? { since: values.since } : {}) })
    : undefined;
  const baselineFile = values.baseline ?? (values['update-baseline'] ? DEFAULT_BASELINE : undefined);

  // SCALELINT_PROGRESS_DELAY_MS (undocumented, for tests): how long a run goes before the line shows.
  const delay = Number(process.env.SCALELINT_PROGRESS_DELAY_MS);
  const progress = createProgress({
    stream: process.stderr, format: shard ? 'json' : format, disabled: Boolean(values['no-progress']),
    ...(Number.isFinite(delay) && process.env.SCALELINT_PROGRESS_DELAY_MS !== '' ? { delayMs: delay } : {}),
  });
  const options = {
    root, config, fix: Boolean(values.fix), ...(paths ? { paths } : {}), ...(maxFileSize !== undefined ? { maxFileSize } : {}), onProgress: progress.update,
    fixDryRun: Boolean(values['fix-dry-run']),
    reportUnusedDisableDirectives: Boolean(values['report-unused-disable-directives']),
    ...(changes ? { changes } : {}),
    ...(baselineFile ? { baseline: { file: baselineFile, update: Boolean(values['update-baseline']) } } : {}),
    concurrency,
    ...(values.cache ? { cache: true } : {}),
  };
  if (shard) {
    const { auditShard } = await loadAudit();
    const data = await auditShard({ ...options, shard });
    progress.finish();
    const json = JSON.stringify(data) + '\n';
    if (values.output) fs.writeFileSync(values.output, json);
    else process.stdout.write(json);
    return 0;
  }
  const { auditAsync } = await loadAudit();
  const result = await auditAsync(options);
  progress.finish();
  return emit(result, { format, reporter, root, output: values.output, quiet: Boolean(values.quiet), maxWarnings });
}


interface EmitOptions {
  format: string;
  reporter: Reporter;
  root: string;
  output: string | undefined;
  quiet: boolean;
  maxWarnings: number | undefined;
}

/** Print or write the report, and return the exit code. */
function emit(result: AuditResult, options: EmitOptions): number {
  const { format, reporter, root, maxWarnings } = options;
  if (options.quiet) result.findings = result.findings.filter((f) => f.severity === 'error');
  // The text report says it itself; machine formats keep stdout clean.
  if (result.baseline?.written !== undefined && (format !== 'text' || options.output)) {
    process.stderr.write(`scalelint: wrote ${result.baseline.written} baseline entries (${result.baseline.baselined} findings) to ${result.baseline.file}\n`);
  }
  const color = format === 'text' && !options.output && (process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== '0'
    : Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const displayRoot = path.relative(process.cwd(), root).split(path.sep).join('/') || '.';
  const report = reporter({
    result,
    displayRoot,
    color,
    version: pkg.version,
    readText: (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  // --fix-dry-run: the diff on stdout (ready for `git apply`), the report only to --output.
  if (result.fixDiff !== undefined) process.stdout.write(result.fixDiff);
  if (options.output) fs.writeFileSync(options.output, report);
  else if (result.fixDiff === undefined) process.stdout.write(report);

  const counted = result.findings.filter((f) => !f.baselined);
  const errors = counted.filter((f) => f.severity === 'error').length;
  const warnings = counted.length - errors;
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) return 1;
  return 0;
}

async function runMerge(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      output: { type: 'string' },
      quiet: { type: 'boolean' },
      'max-warnings': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const format = values.format ?? 'text';
  const reporter = reporters[format];
  if (!reporter) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (positionals.length === 0) throw new UsageError('merge takes the shard files written by `scalelint audit --shard I/N --output FILE`');
  const shards = positionals.map((file) => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as ShardFile;
    } catch (error) {
      throw new UsageError(`cannot read shard ${file}: ${(error as Error).message}`);
    }
  });
  const { mergeShards } = await loadAudit();
  const result = mergeShards(shards);
  return emit(result, {
    format, reporter, root: result.root, output: values.output, quiet: Boolean(values.quiet),
    maxWarnings: integer('max-warnings', values['max-warnings']),
  });
}

function runRules(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { format: { type: 'string' } }, strict: true });
  if (values.format && values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
  process.stdout.write(values.format === 'json' ? rulesJson(pkg.version) : rulesText());
  return 0;
}

/** The audit itself (and TypeScript with it) is loaded only by the commands that run it: `--help`, `--version` and `rules` start at once. */
const loadAudit = () => import('./audit/run.js');

export async function main(argv: string[]): Promise<number> {
  if (!timings) return run(argv);
  // performance.now() counts from the process start: what came before main is start-up.
  addTiming('phase: node start-up + loading modules', performance.now());
  try {
    return await run(argv);
  } finally {
    addTiming('total', performance.now());
    process.stderr.write(formatTimings());
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'audit':
        return await runAudit(rest);
      case 'rules':
        return runRules(rest);
      case 'merge':
        return await runMerge(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        process.stdout.write(`${pkg.version}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"; try scalelint --help`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof ShardError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`scalelint: ${(error as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`scalelint: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}
