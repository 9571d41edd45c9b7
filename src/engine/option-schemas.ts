// JSON-schema fragments for options several rules share, so they read and validate the same way.

/** Folders whose files are one-off programs, never on a request path. */
export function scriptFoldersOption(description = 'Folder names whose files are one-off programs (scripts, migrations), never on a request path.') {
  return { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description } as const;
}

/** How far from a request handler code still counts as on the request path. */
export function maxCallDepthOption(description = 'How many calls deep from a request handler code still counts as on the request path.') {
  return { type: 'integer', minimum: 0, maximum: 8, description } as const;
}

/** The options every request-path rule has (schemas above). */
export interface RequestPathOptions {
  /** Folders whose files are one-off programs (scripts, migrations, seeds), never on a request path. */
  scriptFolders: string[];
  /** How many calls deep from a handler code still counts as on the request path. */
  maxCallDepth: number;
}
