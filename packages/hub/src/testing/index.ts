/**
 * @module @confu/hub/testing
 * A local HTTP server in the Hugging Face hub's URL layout, for tests without the network.
 */
export { startFakeHub } from './fake-hub.js';
export type { FakeHub, FakeHubOptions, FakeRepo } from './fake-hub.js';
