// Quiet hours of a workspace's notifications (workspaces[].notifications.quietHours): no notification text from
// `start` to `end`, in the workspace's time zone, across midnight when `end` is before `start`. Pure.
import { localTime } from '../routing/hours';

export interface QuietHours {
  start: string;
  end: string;
}

/** Whether `now` falls in [start, end) local time; null quiet hours (or start = end) are never quiet. */
export function inQuietHours(quietHours: QuietHours | null, timeZone: string, now: Date): boolean {
  if (!quietHours || quietHours.start === quietHours.end) return false;
  const time = localTime(now, timeZone).time;
  const { start, end } = quietHours;
  return start < end ? time >= start && time < end : time >= start || time < end;
}
