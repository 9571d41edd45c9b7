// The package holds together: every rule has docs and tests, the index is ordered, the presets
// match the metadata, and the generated docs (README table, rule headers) are up to date.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import plugin from '../src/eslint/index.js';
import { UNUSED_DIRECTIVE_ID } from '../src/audit/suppressions.js';
import { DOCS_BASE, docsUrl } from '../src/engine/rule.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORE = ['no-module-state', 'require-idempotency-key', 'require-timeout', 'require-retry-jitter', 'no-unpooled-db-client', 'require-health-endpoint'];

describe('the rules', () => {
  const ids = rules.map((r) => r.id);

  it('every id a report links to has its page in the repository (rules, and the audit\'s unused-disable-directive)', () => {
    for (const id of [...ids, UNUSED_DIRECTIVE_ID]) {
      const url = docsUrl(id);
      expect(url.startsWith(DOCS_BASE.replace(/docs\/rules\/$/, '')), id).toBe(true);
      const [file, anchor] = url.slice(DOCS_BASE.length - 'docs/rules/'.length).split('#');
      const page = fs.readFileSync(path.join(ROOT, file!), 'utf8');
      // GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes.
      const anchors = [...page.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
      if (anchor) expect(anchors, id).toContain(anchor);
    }
  });

  it('include the six core rules, in alphabetical order, ids matching their files', () => {
    for (const id of CORE) expect(ids).toContain(id);
    expect(ids).toEqual([...ids].sort());
    for (const id of ids) expect(fs.existsSync(path.join(ROOT, 'rules', `${id}.ts`)), id).toBe(true);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s has docs, tests and well-formed metadata', (id, rule) => {
    const docs = fs.readFileSync(path.join(ROOT, 'docs/rules', `${id}.md`), 'utf8');
    expect(docs).toMatch(/^## Examples$/m);
    expect(docs).toMatch(/^## Why it matters at scale$/m);
    expect(docs).toMatch(/^## Options$/m);
    expect(docs).toContain('<!-- end auto-generated rule header -->');
    expect(fs.existsSync(path.join(ROOT, 'test', `${id}.test.ts`)), `test/${id}.test.ts`).toBe(true);
    expect(rule.meta.description).toMatch(/^(Require|Disallow|Enforce) /);
    expect(rule.meta.description).not.toMatch(/\.$/);
    for (const messageId of Object.keys(rule.meta.messages)) expect(messageId).toMatch(/^[a-z][a-zA-Z]+$/);
    const schema = rule.meta.schema as { type?: string; additionalProperties?: boolean; properties?: Record<string, { description?: string }> };
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    for (const [name, property] of Object.entries(schema.properties ?? {})) expect(property.description, `${id} option ${name}`).toBeTruthy();
  });

  it('presets are generated from metadata: recommended ⊂ strict ⊂ all', () => {
    const enabled = (name: 'recommended' | 'strict' | 'all') => Object.keys(plugin.configs[name].rules ?? {}).map((k) => k.replace('scalelint/', '')).sort();
    expect(enabled('recommended')).toEqual(rules.filter((r) => r.meta.config === 'recommended').map((r) => r.id).sort());
    expect(enabled('strict')).toEqual(rules.filter((r) => r.meta.config !== 'all').map((r) => r.id).sort());
    expect(enabled('all')).toEqual(ids.slice().sort());
    expect(plugin.meta).toMatchObject({ name: 'eslint-plugin-scalelint', namespace: 'scalelint' });
    for (const name of ['recommended', 'strict', 'all'] as const) expect(plugin.configs[name].name).toBe(`scalelint/${name}`);
  });
});

it('the README rules table and the rule doc headers are generated and up to date (eslint-doc-generator --check)', () => {
  // Throws (with the diff) when out of date.
  execFileSync('npm', ['run', '--silent', 'docs:check'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
});
