// What one step of the call flow is given and answers: the contract between the Functions edge (webhook.ts)
// and src/flows. Types only, so a flow never imports the handler factory.
import type { CallContext } from '../calls/call-context';
import type { CallLog } from '../calls/call-log';
import type { StepLog } from '../log/step-log';
import type { RoutingConfiguration } from '../routing/lookup';
import type { Env } from './env';
import type { Placement } from './placement';
import type { Services } from './services';

export interface WebhookRequest {
  params: Readonly<Record<string, string>>;
  env: Env;
  now: Date;
  log: StepLog;
  services: Services;
  /** This call's log (the state store's `calls` map). */
  callLog: CallLog;
  /** What went wrong but was worked around in this request (a stale configuration served...), for the call log. */
  warnings: string[];
  /** Local or deployed (src/runtime/placement): deployed, call events go to https endpoints only. */
  placement: Placement;
  /** The functions' own base URL (https://<domain>, or http://localhost:PORT served locally), for links in texts. */
  functionsBaseUrl?: string;
  /**
   * This request's call, resolved once (src/calls/call-context): its numbers, the caller classified, the state its
   * callback URL carries, and, loaded when first asked, its configuration, the called number's line and its place.
   */
  call: CallContext;
  /**
   * The configuration of another call than this request's (the one a text-back retry names, the sender of a
   * text...); warnings, such as a stale copy served while Sync fails, are logged. This request's own: `call`.
   */
  configuration(call: { to: string; from: string }): Promise<RoutingConfiguration>;
}

/** TwiML (a string), or a JSON body for the endpoints people call (sms-textback). */
export type Reply = string | { json: unknown; status?: number };

export type VoiceStep = (request: WebhookRequest) => Reply | Promise<Reply>;

/** What a step answers when it cannot run: TwiML that still routes sensibly, and why, for the log. */
export type Fallback = (context: { env: Env | undefined; params: Readonly<Record<string, string>> }) => {
  reply: Reply;
  description: string;
};
