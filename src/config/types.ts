// The configuration's types, inferred from the schema, for code that must not load zod (src/routing, pages):
// type-only, so importing them costs nothing at run time.
export type {
  AfterHours,
  BusinessHours,
  Bundle,
  BundleInput,
  Contact,
  Greeting,
  MenuOption,
  PhoneMenu,
  PhoneNumber,
  User,
  WebhookEndpoint,
  WeeklyHours,
  Workspace,
} from './schema';
