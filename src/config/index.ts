// The configuration module's public surface: the schema and types, parsing, and its errors.
export * from './schema';
export { parseBundle, parseBundleText, readBundleFile, readConfigFileText, issuesFromZod } from './parse';
export { ConfigValidationError, ConfigReadError, type ConfigIssue } from './errors';
export { diagnose } from './doctor';
export * from './layout';
