// Replies to the text-back reaching a person (src/flows/incoming-sms): the public surface.
export { handleReply, type ReplyContext, type ReplyDeps, type ReplyOutcome } from './forward';
export { replyLedger, replyKey, type ClaimResult, type LedgerDeps, type ForwardEntry, type ReplyEntry, type ReplyLedger } from './ledger';
export {
  forwardedTexts,
  inboundText,
  isMessageSid,
  senderLabel,
  MAX_FORWARD_LENGTH,
  MAX_MEDIA,
  type InboundText,
  type MediaItem,
} from './message';
export { replyRecipients, type ReplyRecipients } from './recipients';
export { classifySender } from './senders';
export { SenderCap, MAX_TEXTS_PASSED_ON_PER_SENDER_PER_HOUR } from './sender-cap';
export { StaffThreads, STAFF_ANSWER_WINDOW_HOURS, answerableThread, type StaffThread } from './staff-state';
export {
  handleStaffText,
  planStaffText,
  rememberForwards,
  answerText,
  noCustomerNote,
  optedOutNote,
  type StaffAnswer,
  type StaffTextPlan,
} from './staff-answer';
