// `scalelint rules`: the text table and the JSON listing, from the rules' metadata.
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { docsUrl } from '../src/engine/rule.js';
import { scalelint } from './helpers/cli.js';

const LEVEL = { recommended: 0, strict: 1, all: 2 } as const;

describe('scalelint rules', () => {
  it('--format json keeps the first fields and adds the severity per config', () => {
    const run = scalelint(['rules', '--format', 'json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ tool: 'scalelint', formatVersion: 1 });
    expect(out.rules.map((r: { id: string }) => r.id)).toEqual(rules.map((r) => r.id));
    for (const [i, rule] of rules.entries()) {
      const at = (c: keyof typeof LEVEL) => LEVEL[rule.meta.config as keyof typeof LEVEL] <= LEVEL[c];
      expect(out.rules[i]).toEqual({
        id: rule.id,
        description: rule.meta.description,
        config: rule.meta.config,
        recommended: at('recommended'),
        strict: at('strict'),
        all: true,
        configs: { recommended: at('recommended') ? 'error' : 'off', strict: at('strict') ? 'error' : 'off', all: 'error' },
        fixable: Boolean(rule.meta.fixable),
        hasSuggestions: Boolean(rule.meta.hasSuggestions),
        scope: rule.meta.scope,
        usesTypeInformation: false,
        docs: docsUrl(rule.id),
      });
    }
  });

  it('text: a row per rule with its severities, fix, suggestions, types, description and docs link', () => {
    const run = scalelint(['rules']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^RULE +RECOMMENDED +STRICT +ALL +FIX +SUGGESTIONS +TYPES +SCOPE$/);
    for (const rule of rules) {
      const row = lines.findIndex((l) => l.startsWith(`${rule.id} `));
      expect(row).toBeGreaterThan(0);
      expect(lines[row]!.split(/ +/)).toEqual([
        rule.id, 'error', ...(rule.meta.config === 'all' ? ['off'] : ['error']), 'error',
        rule.meta.fixable ? 'yes' : '-', rule.meta.hasSuggestions ? 'yes' : '-', '-', rule.meta.scope,
      ].map((c, i) => (i === 1 && rule.meta.config !== 'recommended' ? 'off' : c)));
      expect(lines[row + 1]).toBe(`  ${rule.meta.description}`);
      expect(lines[row + 2]).toBe(`  ${docsUrl(rule.id)}`);
    }
    expect(run.stdout).toContain(`${rules.length} rules;`);
  });

  it('rejects other formats', () => {
    const run = scalelint(['rules', '--format', 'sarif']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('scalelint: --format must be text or json\n');
  });
});
