// Opt-in time accounting (`SCALELINT_TIMING=1`, like ESLint's `TIMING`): where an audit spends its
// time, by phase and by rule/extractor. Off by default, and then nothing is wrapped or measured.

/** Milliseconds by label, or `undefined` when timing is off. */
export const timings: Map<string, number> | undefined = typeof process !== 'undefined' && process.env.SCALELINT_TIMING
  ? new Map() : undefined;

export function addTiming(label: string, ms: number): void {
  timings?.set(label, (timings.get(label) ?? 0) + ms);
}

/** The table printed to stderr at the end of a run. */
export function formatTimings(): string {
  if (!timings) return '';
  const rows = [...timings].sort((a, b) => b[1] - a[1]);
  const width = Math.max(...rows.map(([k]) => k.length), 10);
  return rows.map(([k, v]) => `${k.padEnd(width)} ${v.toFixed(1).padStart(9)} ms`).join('\n') + '\n';
}
