import { json } from './json.js';
import { text } from './text.js';
import type { Reporter } from './types.js';

export const reporters: Record<string, Reporter> = { text, json };
export const FORMATS = ['text', 'json', 'sarif', 'html', 'markdown', 'github'] as const;
