// Signed call events for any system (Standard Webhooks): the public surface. The flows call emitCallEvent;
// the calls CLI calls redeliverFailed; receivers are documented in docs/events-and-history.md.
export { CALL_EVENT_TYPES, type CallEventType } from '../config/constants';
export {
  DELIVERY_TIMEOUT_MS,
  EMIT_DEADLINE_MS,
  emitCallEvent,
  eventBody,
  subscribers,
  type DeliveryReport,
  type EmitReport,
  type EventDeps,
} from './emit';
export {
  REDELIVERY_TIMEOUT_MS,
  redeliverFailed,
  type RedeliverDeps,
  type RedeliverOptions,
  type RedeliveryOutcome,
  type RedeliveryReport,
} from './redeliver';
export { FAILED_DELIVERY_TTL_DAYS, FailedDeliveries, failedDeliveriesMap, type FailedDelivery } from './failures';
export { eventId, signedHeaders, type SignedHeaders } from './sign';
export type { DeliveryFailureKind, FetchLike } from './deliver';
export { callCompletedData, voicemailCreatedData } from './from-call-log';
export type {
  CallCompletedData,
  CallEvent,
  CallEventBody,
  CallEventDataByType,
  EventRoute,
  MessageReceivedData,
  TextbackSentData,
  VoicemailCreatedData,
  VoicemailTranscribedData,
} from './types';
