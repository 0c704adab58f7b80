// How a workspace's number sends: through the number's Messaging Service, else the workspace's, else from the
// number alone; and what its delivery reports are filed under.
import type { PhoneNumber, Workspace } from '../config/types';
import type { SendOptions } from './messenger';

export function messagingServiceFor(
  workspace: Pick<Workspace, 'messagingServiceSid'>,
  number: Pick<PhoneNumber, 'messagingServiceSid'>,
): string | null {
  return number.messagingServiceSid ?? workspace.messagingServiceSid ?? null;
}

/** The send options of a text from `number`: its Messaging Service and the delivery report's workspace and call. */
export function sendOptionsFor(
  workspace: Pick<Workspace, 'id' | 'messagingServiceSid'>,
  number: Pick<PhoneNumber, 'messagingServiceSid'>,
  callSid?: string,
): SendOptions {
  return {
    messagingServiceSid: messagingServiceFor(workspace, number),
    status: { workspace: workspace.id, ...(callSid ? { callSid } : {}) },
  };
}
