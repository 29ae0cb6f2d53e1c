export { countingInfo, createCountingSession } from './counting-session.js';
