// The rule contract shared by both front ends. A rule is written once against the TypeScript AST
// and never imports `typescript` as a value: the context hands it the API that built the nodes.
import type * as TS from 'typescript';
import type { Scope } from './scope.js';
import type { Settings } from './settings.js';

export type TypeScriptApi = typeof TS;

/** Plain JSON data: what facts and pending conditions are made of (they cross threads and files). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A replacement of `[start, end)` of the file's text (BOM excluded) by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A location: offsets in the file's text, and ESLint-style 1-based lines and columns (end exclusive). */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Suggestion {
  messageId: string;
  message: string;
  /** The message's placeholders (ESLint formats suggestion messages itself). */
  data?: Record<string, string | number>;
  edits: TextEdit[];
}

export interface RelatedLocation {
  file: string;
  line: number;
  message: string;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  data?: Record<string, string | number>;
  /** Absolute path of the file the finding is in. */
  file: string;
  span: Span;
  fix?: TextEdit[];
  suggestions?: Suggestion[];
  related?: RelatedLocation[];
  /** A rule-defined condition that the project step must confirm before the finding is reported. */
  pending?: Json;
  /** Name of the enclosing function (for baselines); `''` at module level. */
  scopeName: string;
  /** The flagged text, for baselines. */
  text: string;
}

export type ConfigName = 'recommended' | 'strict' | 'all';

export interface RuleMeta<O> {
  type: 'problem' | 'suggestion';
  /** "Require …" / "Disallow …", no final period. */
  description: string;
  /** The smallest config that enables the rule. */
  config: ConfigName;
  messages: Record<string, string>;
  /** JSON schema of the single options object. */
  schema: Record<string, unknown>;
  defaultOptions: O;
  /**
   * Options a larger preset sets on top of `defaultOptions` (`{ strict: { methods: ['POST', 'PATCH'] } }`);
   * a preset also takes those of the smaller presets. See `presetOptions` in rule.ts.
   */
  presetOptions?: Partial<Record<ConfigName, Partial<O>>>;
  fixable?: boolean;
  hasSuggestions?: boolean;
  /** `project`: the verdict needs the whole project (reported from `reduce`). */
  scope: 'file' | 'project';
  /** Shared fact extractors (src/engine/extractors) this rule reads, by name. */
  requires?: readonly string[];
}

export interface ReportDescriptor {
  /** A node, or a range of offsets. */
  node?: TS.Node;
  range?: { start: number; end: number };
  messageId: string;
  data?: Record<string, string | number>;
  fix?: TextEdit[];
  suggest?: { messageId: string; data?: Record<string, string | number>; edits: TextEdit[] }[];
  related?: RelatedLocation[];
  pending?: Json;
}

export interface FileContext<O> {
  readonly ts: TypeScriptApi;
  readonly sourceFile: TS.SourceFile;
  /** Absolute path. */
  readonly file: string;
  readonly options: O;
  readonly settings: Settings;
  readonly scope: Scope;
  report(descriptor: ReportDescriptor): void;
  /** Plain-data facts this rule keeps about the file, read back in `reduce` (for every file). */
  setData(data: Json): void;
  /** Offsets to a span. */
  span(start: number, end: number): Span;
  /**
   * The result of a shared extractor named in `meta.requires`, for this file. Available from
   * `SourceFile:exit` on (extractors see the whole walk first).
   */
  shared<T extends Json = Json>(name: string): T;
}

/** What an extractor gets: a rule context without reporting. */
export interface ExtractorContext {
  readonly ts: TypeScriptApi;
  readonly sourceFile: TS.SourceFile;
  readonly file: string;
  readonly settings: Settings;
  readonly scope: Scope;
  span(start: number, end: number): Span;
}

/**
 * A shared fact extractor: facts several rules need (HTTP routes, DB clients…), gathered once in
 * the same walk, stored in `FileFacts.shared[name]` as plain data for the reduce step.
 */
export interface Extractor<T extends Json = Json> {
  name: string;
  /** Other extractors whose results this one reads in `result`. */
  requires?: readonly string[];
  create(context: ExtractorContext): { visitors: Visitors; result(shared: (name: string) => Json): T };
}

export type Visitor = (node: TS.Node) => void;
/** Keys are `SyntaxKind` names (`CallExpression`) or `SourceFile:exit`. */
export type Visitors = Partial<Record<string, Visitor>>;

export interface ImportFact {
  /** The module specifier as written (`axios`, `./lib/http.js`). */
  module: string;
  /** `default`, `*` (namespace or whole CommonJS module), or the imported name. */
  imported: string;
  local: string;
}

export interface ExportFact {
  /** Exported name (`default` for the default export). */
  name: string;
  /** The local binding it exports, when it is one. */
  local?: string;
  /** For `export … from 'm'`: the module, and the name imported from it (`*` for `export *`). */
  from?: string;
  imported?: string;
}

/** Everything kept of one file after its walk: plain data, independent of other files. */
export interface FileFacts {
  file: string;
  imports: ImportFact[];
  exports: ExportFact[];
  /** Per rule id, what `setData` stored. */
  data: Record<string, Json>;
  /** Per extractor name, its result for this file. */
  shared: Record<string, Json>;
}

export interface FileResult {
  facts: FileFacts;
  findings: Finding[];
}

export interface ReduceContext<O> {
  readonly options: O;
  readonly settings: Settings;
  /** Facts of every file the front end can see, by absolute path. */
  readonly files: ReadonlyMap<string, FileFacts>;
  /**
   * True when `files` is the whole project (the audit; ESLint with a full scan or a program).
   * A rule that concludes from an absence must not report when this is false.
   */
  readonly complete: boolean;
  /** This rule's findings that carry a `pending` condition. */
  readonly pending: readonly Finding[];
  /** Keep a pending finding (it is reported). */
  keep(finding: Finding): void;
  /** Report a new finding (project rules). */
  report(finding: Omit<Finding, 'ruleId' | 'message'> & { message?: string }): void;
  /** Resolve an import specifier written in `fromFile` to a file in `files`. */
  resolveImport(fromFile: string, specifier: string): string | undefined;
}

export interface RuleDefinition<O extends object = Record<string, unknown>> {
  id: string;
  meta: RuleMeta<O>;
  /**
   * The file's visitors: one object, or several (each visited in order) to combine shared visitors
   * such as `evidenceVisitors` with a rule's own. Write each as an object literal: storing
   * per-file closures into an existing object (`visitors.X = () => …`) made V8 keep every file's
   * walk state alive through young-generation GCs (measured: 5× the GC time of the audit).
   */
  create(context: FileContext<O>): Visitors | readonly Visitors[];
  /** The project step: confirm pending findings, report project findings. */
  reduce?(context: ReduceContext<O>): void;
}

/** A rule with its options, as a front end runs it. */
export interface ActiveRule {
  // The options type differs per rule; the engine only passes them through.
  rule: RuleDefinition<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  options: object;
}
