// The workspace's inbound options of issue 20 in an owner's words: "Ring the person who helped last"
// (inbound.stickyAgent) and "Spam protection" (inbound.screening: blocked numbers, what to do when the caller ID check
// fails, unknown callers).
import { STIR_FAILED_ACTIONS } from '../../config/constants';
import { getAt } from './draft';
import { CheckField, NumberField, SelectField, type FieldContext } from './fields';
import { ListField, formatPhoneList, phoneListOf } from './lists';

const STIR_FAILED_LABELS: Record<(typeof STIR_FAILED_ACTIONS)[number], string> = {
  allow: 'Let the call through',
  challenge: 'Ask the caller to press 1',
  voicemail: 'Send it to voicemail',
  reject: 'Reject the call',
};

export function StickyAgentSettings({ ctx }: { ctx: FieldContext }) {
  const on = getAt(ctx.draft, 'inbound.stickyAgent.enabled') === true;
  return (
    <section class="panel" aria-labelledby="sticky-title">
      <h2 id="sticky-title">The person who helped last</h2>
      <CheckField
        ctx={ctx}
        label="Ring the person who helped last"
        path="inbound.stickyAgent.enabled"
        hint="A caller someone answered recently rings that person first, alone, then the usual route"
      />
      {on ? (
        <>
          <NumberField ctx={ctx} label="Answered within the last (days)" path="inbound.stickyAgent.days" blank={30} hint="1 to 365" />
          <NumberField
            ctx={ctx}
            label="Seconds ringing that person"
            path="inbound.stickyAgent.seconds"
            blank={15}
            hint="5 to 120; then the call goes on as usual"
          />
        </>
      ) : null}
    </section>
  );
}

export function SpamProtectionSettings({ ctx }: { ctx: FieldContext }) {
  return (
    <section class="panel" aria-labelledby="spam-title">
      <h2 id="spam-title">Spam protection</h2>
      <ListField
        ctx={ctx}
        label="Blocked numbers"
        path="inbound.screening.blocked"
        hint="Calls from these are turned away and never texted back; numbers as you would dial them, separated by commas"
        parse={phoneListOf(ctx.locale)}
        format={formatPhoneList(ctx.locale)}
      />
      <SelectField
        ctx={ctx}
        label="When the caller ID check fails"
        path="inbound.screening.stirFailed"
        options={STIR_FAILED_ACTIONS.map((value) => ({ value, label: STIR_FAILED_LABELS[value] }))}
        hint="Phone companies check that a caller's number is really theirs; robocalls often fail. Screened calls are never texted back."
      />
      <SelectField
        ctx={ctx}
        label="Callers who are not contacts"
        path="inbound.screening.unknownCallers"
        options={[
          { value: 'allow', label: 'Let them through' },
          { value: 'challenge', label: 'Ask them to press 1' },
        ]}
        hint="A robot that presses nothing is hung up on"
      />
    </section>
  );
}
