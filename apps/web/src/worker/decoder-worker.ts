// Web Worker entry: hosts the decoder off the page's thread (ONNX Runtime's run() blocks).
import type { DecoderReplyMessage, DecoderRequestMessage } from '../decoder-protocol.js';
import type { MessageEndpoint } from '../message-endpoint.js';
import { createLocalDecoder } from './local-decoder.js';
import { ortWasmPaths } from './ort-wasm-paths.js';
import { serveDecoder } from './serve-decoder.js';

// The app's tsconfig has DOM types; in a worker, the global scope is the other end of the channel.
const scope = globalThis as unknown as MessageEndpoint<DecoderRequestMessage, DecoderReplyMessage>;

// One wasm thread: more would need cross-origin isolation, which a static host may not offer.
serveDecoder(createLocalDecoder({ wasmPaths: ortWasmPaths(), threads: 1 }), scope);
