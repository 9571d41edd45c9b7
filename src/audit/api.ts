// Programmatic API: `import { audit } from 'eslint-plugin-scalelint/api'`.
export { audit, type AuditOptions, type AuditResult, type AuditFinding, type AuditError } from './run.js';
export { type AuditConfig, ConfigError } from './config.js';
export { reporters } from './reporters/index.js';
