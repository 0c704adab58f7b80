// The home pages' figures, read from the history index (src/calls/history-views), each a bounded number of Sync
// requests whatever the history holds: console-home (a workspace: 30 days of calls per day, answer rate by user and
// by hour of the week, callers to call back) and console-agency (every workspace the session administers: today's
// missed calls; unanswered replies are not counted yet: null).
import { HistoryReader } from '../calls/history-read';
import { homeFigures, missedToday } from '../calls/history-views';
import { refuse, type ConsoleAction } from './handler';
import { consoleStore, readWorkspace } from './settings';

/** console-home: `workspace`; any member sees the workspace's figures. */
export const homeOfWorkspace: ConsoleAction = async (request) => {
  const workspaceId = request.params.workspace!;
  const snapshot = await readWorkspace(consoleStore(request.env, request.services, request.assets).store, workspaceId);
  if (!snapshot || !request.confirm(snapshot.workspace)) return refuse(403, 'You do not have access to that workspace.');
  const figures = await homeFigures(new HistoryReader(request.services.state), workspaceId, snapshot.workspace.timeZone, request.now);
  return { json: figures };
};

/** console-agency: the workspaces this session administers, each with today's missed calls and unanswered replies. */
export const agencyHome: ConsoleAction = async (request) => {
  const { store } = consoleStore(request.env, request.services, request.assets);
  const loaded = await store.load();
  const administered = loaded.bundle.workspaces.filter((workspace) => request.confirm(workspace)?.role === 'admin');
  const reader = new HistoryReader(request.services.state);
  const workspaces = await Promise.all(
    administered.map(async (workspace) => ({
      id: workspace.id,
      name: workspace.name,
      timeZone: workspace.timeZone,
      missedToday: await missedToday(reader, workspace.id, workspace.timeZone, request.now),
      // Not counted yet: replies are filed in each caller's call log, with no count by day (see docs/history.md).
      unansweredReplies: null,
    })),
  );
  return { json: { workspaces } };
};
