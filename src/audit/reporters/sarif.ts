// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, the rules with their
// docs, results with workspace-relative locations under %SRCROOT%, fingerprints that survive lines
// moving, cross-file evidence as related locations, autofixes as `fixes`, and baselined findings
// marked as suppressed (accepted) rather than dropped.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rules as allRules } from '../../../rules/index.js';
import { DOCS_BASE, docsUrl } from '../../engine/rule.js';
import type { TextEdit } from '../../engine/types.js';
import type { AuditFinding } from '../run.js';
import { fingerprints, lineIndex, whyItMatters, workspaceOf, workspacePath } from './shared.js';
import type { Reporter, ReportContext } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key of our entry in `partialFingerprints` (versioned, as GitHub recommends). */
export const FINGERPRINT_KEY = 'scalelint/v1';
const SRCROOT = '%SRCROOT%';

const level = (f: AuditFinding) => (f.severity === 'error' ? 'error' : 'warning');

function artifact(ctx: ReportContext, file: string) {
  return { uri: encodeURI(workspacePath(ctx, file)), uriBaseId: SRCROOT };
}

function fixOf(ctx: ReportContext, f: AuditFinding, edits: readonly TextEdit[]) {
  const raw = ctx.readText(f.file);
  if (raw === undefined) return undefined;
  // Offsets are in the text without its BOM; SARIF's charOffset would be ambiguous with one, so
  // a file with a BOM gets lines and columns only.
  const bom = raw.charCodeAt(0) === 0xfeff;
  const text = bom ? raw.slice(1) : raw;
  const at = lineIndex(text);
  return {
    description: { text: `Autofix from scalelint/${f.ruleId}: ${f.message}` },
    artifactChanges: [{
      artifactLocation: artifact(ctx, f.file),
      replacements: edits.map((e) => {
        const start = at(e.start);
        const end = at(e.end);
        return {
          deletedRegion: {
            startLine: start.line,
            startColumn: start.column,
            endLine: end.line,
            endColumn: end.column,
            ...(bom ? {} : { charOffset: e.start, charLength: e.end - e.start }),
          },
          insertedContent: { text: e.text },
        };
      }),
    }],
  };
}

export const sarif: Reporter = (ctx) => {
  const { result, version } = ctx;
  const ruleIndex = new Map(allRules.map((r, i) => [r.id as string, i]));
  const driverRules = allRules.map((r) => {
    const why = whyItMatters(r.id);
    return {
      id: r.id,
      name: r.id.replace(/(^|-)([a-z])/g, (_: string, __: string, c: string) => c.toUpperCase()),
      shortDescription: { text: r.meta.description },
      fullDescription: { text: why ? `${r.meta.description}. ${why}` : `${r.meta.description}.` },
      helpUri: docsUrl(r.id),
      help: {
        text: `${r.meta.description}. Documentation: ${docsUrl(r.id)}`,
        markdown: `${r.meta.description}. See [scalelint/${r.id}](${docsUrl(r.id)}).`,
      },
      defaultConfiguration: { level: 'error', enabled: r.meta.config === 'recommended' },
      properties: { tags: ['scalability', r.meta.type], config: r.meta.config },
    };
  });
  const prints = fingerprints(result);
  const results = result.findings.map((f, i) => {
    const index = ruleIndex.get(f.ruleId);
    const fix = f.fix && f.fix.length > 0 ? fixOf(ctx, f, f.fix) : undefined;
    return {
      ruleId: f.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: level(f),
      message: { text: f.message },
      locations: [{
        physicalLocation: {
          artifactLocation: artifact(ctx, f.file),
          region: { startLine: f.span.line, startColumn: f.span.column, endLine: f.span.endLine, endColumn: f.span.endColumn },
        },
      }],
      partialFingerprints: { [FINGERPRINT_KEY]: prints[i]! },
      ...(f.related && f.related.length > 0 ? {
        relatedLocations: f.related.map((r, n) => ({
          id: n + 1,
          physicalLocation: { artifactLocation: artifact(ctx, r.file), region: { startLine: r.line } },
          message: { text: r.message },
        })),
      } : {}),
      ...(fix ? { fixes: [fix] } : {}),
      ...(f.baselined ? {
        suppressions: [{ kind: 'external', status: 'accepted', justification: 'Accepted in the scalelint baseline.' }],
      } : {}),
    };
  });
  const workspace = workspaceOf(ctx);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'scalelint',
          informationUri: DOCS_BASE.replace(/\/blob\/.*$/, ''),
          version,
          semanticVersion: version,
          rules: driverRules,
        },
      },
      originalUriBaseIds: {
        [SRCROOT]: { uri: pathToFileURL(workspace.dir + path.sep).href },
      },
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: result.errors.map((e) => ({
          level: 'warning',
          message: { text: `File not analysed: ${e.message}` },
          locations: [{ physicalLocation: { artifactLocation: artifact(ctx, e.file) } }],
        })),
      }],
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
