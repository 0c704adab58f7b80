// Schemas for the Sync documents of the layout (see layout.ts): what is read back from Sync is
// validated before a call is routed with it.
import * as z from 'zod';
import { ConfigReadError } from './errors';
import { LAYOUT_VERSION, type IndexDocument, type NumberDocument, type WorkspaceDocument } from './layout';
import { e164, id, numberSchema, workspaceSchema } from './schema';

const version = z.literal(LAYOUT_VERSION, { message: `must be layout version ${LAYOUT_VERSION}` });

export const indexDocumentSchema = z.object({ version, workspaces: z.array(id) }).strict();

export const workspaceDocumentSchema = z
  .object({ version, workspace: workspaceSchema.omit({ numbers: true, contacts: true }), numbers: z.array(e164) })
  .strict();

export const numberDocumentSchema = z.object({ version, workspace: id, number: numberSchema }).strict();


// The schemas must produce exactly the layout's types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [Same<z.infer<typeof indexDocumentSchema>, IndexDocument>, Same<z.infer<typeof workspaceDocumentSchema>, WorkspaceDocument>, Same<z.infer<typeof numberDocumentSchema>, NumberDocument>] = [true, true, true];
void sameShapes;

/** Validates a document read from Sync; a ConfigReadError names the document and every problem. */
export function parseDocument<S extends z.ZodType>(name: string, schema: S, data: unknown): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`).join('; ');
  throw new ConfigReadError(`Sync document ${name} is not valid: ${detail}`);
}
