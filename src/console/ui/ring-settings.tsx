// A number's ring order and tiers in an owner's words: "Ring order: all at once / one at a time / round robin" with
// the seconds each person rings and the order they ring in ("Move <name> earlier"), and "Ring first" (some people
// alone, for a while, before the rest). People are shown by name; each problem shows beside its field.
import { RING_ORDERS } from '../../config/constants';
import { type Draft, getAt } from './draft';
import { NumberField, SelectField, type FieldContext } from './fields';
import { PeopleChoice } from './people';

const RING_ORDER_LABELS: Record<(typeof RING_ORDERS)[number], string> = {
  together: 'All at once',
  'in-order': 'One at a time, in the order below',
  'round-robin': 'Round robin: one at a time, each call starting with the next person',
};

const nameOf = (users: Draft[], id: string) => String(users.find((user) => user.id === id)?.name ?? id);

/** The ring group's order, one at a time: each person with buttons that move them earlier or later. */
function RingGroupOrder({ ctx, path, users }: { ctx: FieldContext; path: string; users: Draft[] }) {
  const order = (getAt(ctx.draft, path) as string[] | undefined) ?? [];
  if (order.length < 2) return null;
  const move = (from: number, to: number) => {
    const next = [...order];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    ctx.change(path, next);
  };
  return (
    <div class="field">
      <p id={`${path}-order`}>They ring in this order:</p>
      <ol class="ring-order" aria-labelledby={`${path}-order`}>
        {order.map((id, at) => (
          <li>
            <span>{nameOf(users, id)}</span>
            <div class="moves">
              <button type="button" class="secondary small" disabled={ctx.disabled || at === 0} onClick={() => move(at, at - 1)}>
                Move<span class="visually-hidden"> {nameOf(users, id)}</span> earlier
              </button>
              <button
                type="button"
                class="secondary small"
                disabled={ctx.disabled || at === order.length - 1}
                onClick={() => move(at, at + 1)}
              >
                Move<span class="visually-hidden"> {nameOf(users, id)}</span> later
              </button>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Ring order, seconds each, the order itself, and "Ring first" of number `n`. */
export function RingSettings({ ctx, n, users }: { ctx: FieldContext; n: number; users: Draft[] }) {
  const at = (field: string) => `numbers.${n}.${field}`;
  const order = (getAt(ctx.draft, at('ringOrder')) as string | undefined) ?? 'together';
  const ringFirst = getAt(ctx.draft, at('ringFirst')) as Draft | null | undefined;
  const ringUsers = (getAt(ctx.draft, at('ringUsers')) as string[] | undefined) ?? [];
  return (
    <>
      <SelectField
        ctx={ctx}
        label="Ring order"
        path={at('ringOrder')}
        options={RING_ORDERS.map((value) => ({ value, label: RING_ORDER_LABELS[value] }))}
        hint="How the people ticked above ring"
      />
      {order !== 'together' ? (
        <>
          <NumberField
            ctx={ctx}
            label="Seconds each"
            path={at('ringSecondsEach')}
            blank={15}
            hint="How long each person rings before the next; 5 to 120"
          />
          <RingGroupOrder ctx={ctx} path={at('ringUsers')} users={users} />
        </>
      ) : null}
      <div class="field check">
        <input
          type="checkbox"
          id={`ring-first-on-${n}`}
          checked={Boolean(ringFirst)}
          disabled={ctx.disabled}
          onChange={() => ctx.change(at('ringFirst'), ringFirst ? null : { users: ringUsers.slice(0, 1), seconds: 15 })}
          aria-describedby={`ring-first-on-${n}-hint`}
        />
        <label for={`ring-first-on-${n}`}>Ring someone first</label>
        <p class="hint" id={`ring-first-on-${n}-hint`}>
          Such as the owner for 15 seconds, then the team
        </p>
      </div>
      {ringFirst ? (
        <>
          <PeopleChoice ctx={ctx} legend="Ring first" path={at('ringFirst.users')} users={users} idPrefix={`ring-first-${n}`} />
          <NumberField
            ctx={ctx}
            label="Seconds ringing them first"
            path={at('ringFirst.seconds')}
            hint="5 to 120; then the people above ring, in the ring order"
          />
        </>
      ) : null}
    </>
  );
}
