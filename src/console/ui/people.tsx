// People chosen by name for a list of user ids (a ring first, a menu option's people), and the problems of such a
// group, which has no one field to sit beside.
import { getAt, type Draft } from './draft';
import type { FieldContext } from './fields';

/** Problems at this path or inside it, shown under a group of checkboxes (which have no one field to sit beside). */
export function GroupProblems({ ctx, path }: { ctx: FieldContext; path: string }) {
  return (
    <>
      {ctx.problems
        .filter((problem) => problem.path === path || problem.path.startsWith(`${path}.`))
        .map((problem) => (
          <p class="problem">{problem.message}</p>
        ))}
    </>
  );
}

/** Checkboxes of the workspace's users (by name) for a list of user ids at `path`; ticking adds to the end. */
export function PeopleChoice({
  ctx,
  legend,
  path,
  users,
  idPrefix,
}: {
  ctx: FieldContext;
  legend: string;
  path: string;
  users: Draft[];
  idPrefix: string;
}) {
  const chosen = (getAt(ctx.draft, path) as string[] | undefined) ?? [];
  return (
    <fieldset class="choices">
      <legend>{legend}</legend>
      {users.map((user) => {
        const id = `${idPrefix}-${String(user.id)}`;
        const on = chosen.includes(String(user.id));
        return (
          <div class="field check">
            <input
              type="checkbox"
              id={id}
              checked={on}
              disabled={ctx.disabled}
              onChange={() => ctx.change(path, on ? chosen.filter((entry) => entry !== user.id) : [...chosen, String(user.id)])}
            />
            <label for={id}>{String(user.name)}</label>
          </div>
        );
      })}
      <GroupProblems ctx={ctx} path={path} />
    </fieldset>
  );
}
