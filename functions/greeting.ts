// Twilio Function: greeting (public: the link <Play> and the console's player fetch). Thin: the work is in src/console/greeting-route.
import { greetingHandler } from '../src/console/greeting-route';

export const handler = greetingHandler();
