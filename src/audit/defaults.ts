/** Files larger than this (bytes) are listed and skipped unless `--max-file-size` says otherwise. */
export const DEFAULT_MAX_FILE_SIZE = 1_000_000;
