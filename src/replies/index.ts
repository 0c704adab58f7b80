// Replies to the text-back reaching a person (src/flows/incoming-sms): the public surface.
export { handleReply, type ReplyContext, type ReplyDeps, type ReplyOutcome } from './forward';
export { replyLedger, replyKey, type ClaimResult, type LedgerDeps, type ForwardEntry, type ReplyEntry, type ReplyLedger } from './ledger';
export { forwardedTexts, inboundText, isMessageSid, senderLabel, MAX_FORWARD_LENGTH, MAX_MEDIA, type InboundText, type MediaItem } from './message';
export { isOurNumber, replyRecipients, type ReplyRecipients } from './recipients';
