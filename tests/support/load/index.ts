// The load at the target, simulated: plan the calls, run them through the real functions against the API double
// with Sync's rate limits on, audit what they left, and report the busiest Sync objects. See ../../reliability/sync-load.test.ts.
export { auditTexts, itemsByKey, missingEntries, type MissingEntry, type StoredItem, type TextAudit } from './audit';
export { STEP_NAMES, callRequests, legCallSid, resolveUrl, type CallRequest, type CallTrace, type StepName } from './call-script';
export { startInProcessDeployment, type InProcessDeployment } from './deployment';
export { driveLoad, type DriverOptions, type Exchange, type LoadRun, type SendWebhook } from './driver';
export { RING_TIMEOUT_SECONDS, STATE_SHARDS, loadBundle } from './fleet';
export { OWED_ENTRIES, OWED_STEPS, caseOf, owedKeys, owedRecords, recordsByCall, type CallCase, type StepRecord } from './owed';
export {
  DURATIONS,
  LINES,
  TARGET_MIX,
  longestCallSeconds,
  planCalls,
  plannedCounts,
  workspaceIds,
  type LoadMix,
  type PlannedCall,
  type PlannedOutcome,
} from './plan';
export { formatLoadReport, formatPerCall } from './report';
export { LOAD_STARTS_AT, SUMMARY_OBJECTS, runLoad, type LoadResult, type LoadSummary } from './run';
export {
  SERVICE_CREATES,
  SERVICE_LISTS,
  classifyObject,
  objectNamer,
  objectRates,
  peakWithin,
  syncAccesses,
  type AccessKind,
  type ObjectClass,
  type ObjectRate,
  type ObjectScope,
  type SyncAccess,
} from './sync-objects';
export {
  deploymentCeiling,
  mixCeiling,
  mixedLoad,
  summarizeCeilings,
  workspaceCeiling,
  type Ceiling,
  type CeilingInput,
  type CeilingSummary,
  type MixCeiling,
  type ObjectLoad,
} from './ceilings';
export {
  PerCallMeasureError,
  countByObject,
  measureSyncPerCall,
  summarizeSyncPerCall,
  type CallMeasure,
  type ObjectCount,
  type SyncPerCall,
  type SyncPerCallSummary,
} from './per-call';
