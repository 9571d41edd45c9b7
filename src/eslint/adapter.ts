// From engine rule to ESLint rule. All scalelint rules enabled on a file share one walk: each
// rule's `create` registers itself, and the first `Program` visit (ESLint calls every `create`
// before traversing) runs the walk for all of them and hands each its findings.
import * as path from 'node:path';
import type { Rule, SourceCode } from 'eslint';
import type * as TS from 'typescript';
import { analyzeFile } from '../engine/analyze.js';
import { docsUrl } from '../engine/rule.js';
import { normalizeSettings, type Settings } from '../engine/settings.js';
import type { ActiveRule, FileResult, Finding, RuleDefinition, TextEdit } from '../engine/types.js';
import { reduceProject } from '../project/reduce.js';
import { projectFindings, type ScanSettings } from './project.js';
import { userTypeScript } from './typescript.js';

interface Registration {
  active: ActiveRule;
  context: Rule.RuleContext;
}

interface FileRun {
  registrations: Registration[];
  done: boolean;
}

const runs = new WeakMap<SourceCode, FileRun>();

interface ParserServices {
  program: TS.Program | null;
  esTreeNodeToTSNodeMap?: { get(node: unknown): TS.Node };
}

function parserServices(context: Rule.RuleContext): ParserServices {
  const services = context.sourceCode.parserServices as Partial<ParserServices> | undefined;
  if (!services?.esTreeNodeToTSNodeMap) {
    throw new Error('scalelint rules need the typescript-eslint parser: use the scalelint configs, or set '
      + "languageOptions.parser to '@typescript-eslint/parser' for these files.");
  }
  return services as ParserServices;
}

function toFixer(edits: readonly TextEdit[]): Rule.ReportFixer {
  return (fixer) => edits.map((e) => fixer.replaceTextRange([e.start, e.end], e.text));
}

function reportTo(context: Rule.RuleContext, finding: Finding): void {
  const { span } = finding;
  const descriptor: Rule.ReportDescriptor = {
    loc: {
      start: { line: span.line, column: span.column - 1 },
      end: { line: span.endLine, column: span.endColumn - 1 },
    },
    messageId: finding.messageId,
    data: finding.data ?? {},
  };
  if (finding.fix) descriptor.fix = toFixer(finding.fix);
  if (finding.suggestions) {
    descriptor.suggest = finding.suggestions.map((s) => ({ messageId: s.messageId, data: s.data ?? {}, fix: toFixer(s.edits) }));
  }
  context.report(descriptor);
}

function run(sourceCode: SourceCode, fileRun: FileRun): void {
  if (fileRun.done) return;
  fileRun.done = true;
  const first = fileRun.registrations[0]!.context;
  const ts = userTypeScript();
  const services = parserServices(first);
  const sourceFile = services.esTreeNodeToTSNodeMap!.get(sourceCode.ast) as TS.SourceFile;
  if (!sourceFile || sourceFile.kind !== ts.SyntaxKind.SourceFile) {
    throw new Error('scalelint: the parser did not give a TypeScript SourceFile for this file.');
  }
  const file = path.resolve(first.cwd, first.filename);
  const settings: ScanSettings = {
    ...normalizeSettings((first.settings as Record<string, unknown> | undefined)?.scalelint),
    root: first.cwd,
  };
  const active = fileRun.registrations.map((r) => r.active);
  // This file's own walk, only when needed: when the project snapshot already holds this very
  // file (same text, or the program's own SourceFile), its result is the same and is reused.
  let walked: FileResult | undefined;
  const current = () => (walked ??= analyzeFile(ts, sourceFile, file, active, settings));

  const needsProject = active.some(({ rule }) => rule.reduce && rule.meta.scope === 'project')
    || active.some(({ rule }) => rule.reduce && current().findings.some((f) => f.ruleId === rule.id && f.pending !== undefined));
  const findings: Finding[] = needsProject
    ? projectFindings({ ts, file, sourceFile, current, program: services.program, cwd: first.cwd, rules: active, settings })
    : reduceProject([current()], active, { complete: true, settings });
  const byRule = new Map(fileRun.registrations.map((r) => [r.active.rule.id, r.context]));
  for (const finding of findings) {
    const context = byRule.get(finding.ruleId);
    if (context) reportTo(context, finding);
  }
}

export function toEslintRule(rule: RuleDefinition<object>): Rule.RuleModule {
  const { meta } = rule;
  return {
    meta: {
      type: meta.type,
      docs: {
        description: meta.description,
        recommended: meta.config === 'recommended',
        url: docsUrl(rule.id),
      },
      messages: meta.messages,
      schema: [meta.schema as never],
      defaultOptions: [meta.defaultOptions],
      ...(meta.fixable ? { fixable: 'code' as const } : {}),
      ...(meta.hasSuggestions ? { hasSuggestions: true } : {}),
    },
    create(context) {
      const sourceCode = context.sourceCode;
      let fileRun = runs.get(sourceCode);
      if (!fileRun) runs.set(sourceCode, (fileRun = { registrations: [], done: false }));
      const options = { ...meta.defaultOptions, ...(context.options[0] as object | undefined) };
      fileRun.registrations.push({ active: { rule, options }, context });
      const registered = fileRun;
      return {
        Program() {
          run(sourceCode, registered);
        },
      };
    },
  };
}
