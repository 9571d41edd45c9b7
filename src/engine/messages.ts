/** ESLint-style `{{ name }}` placeholders. */
export function formatMessage(template: string, data?: Record<string, string | number>): string {
  if (!data) return template;
  return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : whole);
}
