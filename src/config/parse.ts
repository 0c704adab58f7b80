// Turns untrusted JSON (a file, an asset, a Sync document) into a validated Bundle, or a ConfigValidationError.
import { readFileSync } from 'node:fs';
import type * as z from 'zod/mini';
import { bundleSchema, type Bundle } from './schema';
import { ConfigReadError, ConfigValidationError, type ConfigIssue } from './errors';
import { duplicateKeyIssues } from './duplicate-keys';

export function issuesFromZod(error: z.core.$ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Validates an already-parsed value. `source` names where it came from, for the message. */
export function parseBundle(value: unknown, source?: string): Bundle {
  const result = bundleSchema.safeParse(value);
  if (!result.success) throw new ConfigValidationError(issuesFromZod(result.error), source);
  return result.data;
}

/**
 * Parses JSON text, then validates it. A key written twice in one object (two menu options on one digit) is refused
 * with the rest: JSON.parse alone would keep the last and drop the first without a word.
 */
export function parseBundleText(text: string, source?: string): Bundle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const where = source ? `${source} ` : '';
    throw new ConfigReadError(`The configuration ${where}is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const duplicates = duplicateKeyIssues(text);
  if (duplicates.length === 0) return parseBundle(value, source);
  const result = bundleSchema.safeParse(value);
  throw new ConfigValidationError([...duplicates, ...(result.success ? [] : issuesFromZod(result.error))], source);
}

/** The text of a configuration file, or a ConfigReadError that says why it cannot be read. */
export function readConfigFileText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (cause as Error).message;
    throw new ConfigReadError(`Cannot read the configuration file ${file}: ${reason}`, { cause });
  }
}

/** Reads and validates a bundle file from disk. */
export function readBundleFile(file: string): Bundle {
  return parseBundleText(readConfigFileText(file), file);
}
