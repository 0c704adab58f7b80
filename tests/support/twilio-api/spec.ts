// Twilio's OpenAPI descriptions (vendor/twilio-oai/, fetched and checksummed by scripts/fetch-twilio-oai.mjs),
// prepared for Prism: a copy with the few documented corrections below, where the description contradicts what
// Twilio's own library sends in a form body or what Twilio itself answers. Nothing else is changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Product } from './faults';

export const VENDOR_DIR = join(__dirname, '..', '..', '..', 'vendor', 'twilio-oai');
export const SPEC_FILES: Record<Product, string> = {
  sync: 'twilio_sync_v1.json',
  api: 'twilio_api_v2010.json',
  verify: 'twilio_verify_v2.json',
  serverless: 'twilio_serverless_v1.json',
  pricing: 'twilio_pricing_v1.json',
};

/** One correction made to the description, with the reason. */
export interface SpecPatch {
  product: Product;
  operation: string;
  property: string;
  reason: string;
}

export class SpecMissingError extends Error {
  override readonly name = 'SpecMissingError';
}

type Json = Record<string, unknown>;

const FORM = 'application/x-www-form-urlencoded';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Form-body corrections:
 * - a property typed `object` (Sync's `Data`) is sent by Twilio's libraries as a JSON text; no form value can
 *   be an object, so Prism would refuse every such request. It becomes a string holding a JSON object.
 * - a property typed `array` (MediaUrl, StatusCallbackEvent, …) sent once is a plain value in a form, and Prism
 *   reads only the last of repeated keys; it becomes "one item, or an array of them".
 * - a `format: uri` property (VoiceUrl, SmsUrl, StatusCallback, …) may be sent empty: that is how Twilio's
 *   API clears a URL. It becomes "a URI, or empty".
 */
function patchFormBody(product: Product, operation: string, schema: Json, patches: SpecPatch[]): void {
  const properties = schema.properties as Record<string, Json> | undefined;
  if (!properties) return;
  for (const [name, property] of Object.entries(properties)) {
    if (property.type === 'object') {
      properties[name] = { type: 'string', pattern: '^\\s*\\{', description: property.description };
      patches.push({ product, operation, property: name, reason: 'object sent as JSON text in a form body' });
    } else if (property.type === 'array' && property.items) {
      properties[name] = { anyOf: [property.items, property], description: property.description };
      patches.push({ product, operation, property: name, reason: 'array sent as repeated (or single) form keys' });
    } else if (property.type === 'string' && property.format === 'uri') {
      properties[name] = { anyOf: [property, { type: 'string', enum: [''] }], description: property.description };
      patches.push({ product, operation, property: name, reason: 'empty value clears a URL' });
    }
  }
}

/**
 * Response correction: the 2010-04-01 list envelope's `uri`, `first_page_uri`, `next_page_uri` and
 * `previous_page_uri` are typed `format: uri` (absolute), but Twilio answers relative URIs
 * ("/2010-04-01/Accounts/…", as the description's own examples show, and as twilio's Page expects).
 */
function patchResponseUris(product: Product, operation: string, schema: Json, patches: SpecPatch[]): void {
  const properties = schema.properties as Record<string, Json> | undefined;
  if (!properties) return;
  for (const [name, property] of Object.entries(properties)) {
    if ((name === 'uri' || name.endsWith('_page_uri')) && property.format === 'uri') {
      property.format = 'uri-reference';
      patches.push({ product, operation, property: name, reason: 'relative URI in a list envelope' });
    }
  }
}

/**
 * Path addition: Twilio serves a recording's audio at its URL with `.mp3` (or `.wav`) in place of `.json` (the
 * Recording resource's documentation, "Fetch a Recording's media file"), which the description leaves out. The
 * `.mp3` form is added, authenticated like the rest, answering `audio/mpeg`.
 */
function addRecordingMedia(product: Product, spec: Json, patches: SpecPatch[]): void {
  const paths = spec.paths as Record<string, Json>;
  const json = paths['/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json'];
  if (product !== 'api' || !json) return;
  const path = '/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.mp3';
  const fetch = json.get as Json;
  paths[path] = {
    servers: json.servers,
    get: {
      operationId: 'FetchRecordingMediaMp3',
      parameters: fetch.parameters,
      ...(fetch.security ? { security: fetch.security } : {}),
      responses: {
        '200': { description: "The recording's audio", content: { 'audio/mpeg': { schema: { type: 'string', format: 'binary' } } } },
      },
    },
  };
  patches.push({
    product,
    operation: `GET ${path}`,
    property: '(path)',
    reason: "a recording's media URL (.mp3), documented by Twilio, missing from the description",
  });
}

export function patchSpec(product: Product, spec: Json): SpecPatch[] {
  const patches: SpecPatch[] = [];
  addRecordingMedia(product, spec, patches);
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const name = `${method.toUpperCase()} ${path}`;
      const content = (operation.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      const schema = content?.[FORM]?.schema as Json | undefined;
      if (schema) patchFormBody(product, name, schema, patches);
      for (const response of Object.values((operation.responses ?? {}) as Record<string, Json>)) {
        for (const media of Object.values((response.content ?? {}) as Record<string, Json>)) {
          const body = media.schema as Json | undefined;
          if (body && !body.$ref) patchResponseUris(product, name, body, patches);
        }
      }
    }
  }
  return patches;
}

export interface PreparedSpec {
  product: Product;
  /** The patched copy Prism loads. */
  path: string;
  patches: SpecPatch[];
}

/** Writes (once per content) the patched copy of a product's description into the temp folder. */
export function prepareSpec(product: Product): PreparedSpec {
  const source = join(VENDOR_DIR, SPEC_FILES[product]);
  if (!existsSync(source)) {
    throw new SpecMissingError(`${source} is missing: run \`npm run twilio-oai\` (jest's globalSetup does it)`);
  }
  const spec = JSON.parse(readFileSync(source, 'utf8')) as Json;
  const patches = patchSpec(product, spec);
  const prepared = JSON.stringify(spec);
  // Named by the content, so a changed description or a changed patch never reuses a stale copy.
  const digest = createHash('sha256').update(prepared).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `twilio-oai-prepared-${digest}`);
  const target = join(dir, SPEC_FILES[product]);
  if (!existsSync(target)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    writeFileSync(partial, prepared);
    renameSync(partial, target);
  }
  return { product, path: target, patches };
}
