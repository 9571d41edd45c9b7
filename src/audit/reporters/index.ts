import { github } from './github.js';
import { html } from './html.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { text } from './text.js';
import type { Reporter } from './types.js';

export const reporters: Record<string, Reporter> = { text, json, sarif, html, markdown, github };
export const FORMATS = ['text', 'json', 'sarif', 'html', 'markdown', 'github'] as const;
