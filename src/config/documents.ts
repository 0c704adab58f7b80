// Schemas for the Sync documents of the layout (see layout.ts): what is read back from Sync is
// validated before a call is routed with it. Built with the configuration's schemas, on first use.
import * as z from 'zod/mini';
import { builtOnce } from './built-once';
import { ConfigReadError } from './errors';
import { LAYOUT_VERSION, type IndexDocument, type NumberDocument, type WorkspaceDocument } from './layout';
import { configSchemas } from './schema';

function buildDocumentSchemas() {
  const { e164, id, number, workspace } = configSchemas();
  const version = z.literal(LAYOUT_VERSION, { message: `must be layout version ${LAYOUT_VERSION}` });
  return {
    index: z.strictObject({ version, workspaces: z.array(id) }),
    workspace: z.strictObject({ version, workspace: z.omit(workspace, { numbers: true, contacts: true }), numbers: z.array(e164) }),
    number: z.strictObject({ version, workspace: id, number }),
  };
}

const documentSchemas = builtOnce(buildDocumentSchemas);

export const indexDocumentSchema = z.lazy(() => documentSchemas().index);
export const workspaceDocumentSchema = z.lazy(() => documentSchemas().workspace);
export const numberDocumentSchema = z.lazy(() => documentSchemas().number);

// The schemas must produce exactly the layout's types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<z.infer<typeof indexDocumentSchema>, IndexDocument>,
  Same<z.infer<typeof workspaceDocumentSchema>, WorkspaceDocument>,
  Same<z.infer<typeof numberDocumentSchema>, NumberDocument>,
] = [true, true, true];
void sameShapes;

/** Validates a document read from Sync; a ConfigReadError names the document and every problem. */
export function parseDocument<S extends z.ZodMiniType>(name: string, schema: S, data: unknown): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`).join('; ');
  throw new ConfigReadError(`Sync document ${name} is not valid: ${detail}`);
}
