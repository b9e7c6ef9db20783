/**
 * The version of the JSON the CLI prints with --json (docs/report-format.md documents each version).
 * It is bumped when a field is removed or changes meaning; new fields may appear within a version.
 */
export const REPORT_VERSION = 1;
