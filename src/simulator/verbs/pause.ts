// <Pause>: silence, then the next verb; the transcript says nothing.
import type { VerbHandler } from './verb';

export const pause: VerbHandler = () => ({ after: 'next' });
