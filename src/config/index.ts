// The configuration module's public surface: reading and validating a bundle, its types and limits, its errors,
// and its Sync layout. The schema's building blocks (zod) stay inside; src/routing imports only ./constants
// and ./types, which load no zod.
export {
  CALL_EVENT_TYPES,
  DEFAULT_TIMEOUT_SECONDS,
  E164_PATTERN,
  RING_GROUP_MAX_USERS,
  TIMEOUT_MAX_SECONDS,
  TIMEOUT_MIN_SECONDS,
  WEEKDAYS,
  type CallEventType,
  type Weekday,
} from './constants';
export type {
  AfterHours,
  BusinessHours,
  Bundle,
  BundleInput,
  Contact,
  Greeting,
  PhoneNumber,
  User,
  WebhookEndpoint,
  Workspace,
} from './types';
export { bundleSchema, workspaceSchema } from './schema';
export { checkWebhookUrl, type WebhookUrlCheck } from './webhook-url';
export { parseBundle, parseBundleText, readBundleFile, readConfigFileText, issuesFromZod } from './parse';
export { ConfigValidationError, ConfigReadError, type ConfigIssue } from './errors';
export {
  SYNC_DOCUMENT_MAX_BYTES,
  bundleToLayout,
  layoutToBundle,
  serializedSize,
  syncNames,
  workspaceDocument,
  numberDocument,
  type SyncLayout,
} from './layout';
