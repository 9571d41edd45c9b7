import type { AuditResult } from '../run.js';

export interface ReportContext {
  result: AuditResult;
  /** The root as the user named it (for the JSON `root` field). */
  displayRoot: string;
  /** Colours allowed (a TTY, not NO_COLOR; or FORCE_COLOR). */
  color: boolean;
  version: string;
  /** Read a file's text for code frames (undefined when unreadable). */
  readText(file: string): string | undefined;
}

export type Reporter = (context: ReportContext) => string;

export function relativePath(root: string, file: string): string {
  const rel = file.startsWith(root + '/') ? file.slice(root.length + 1) : file;
  return rel.split('\\').join('/');
}
