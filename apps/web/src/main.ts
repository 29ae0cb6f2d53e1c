// Page entry: the decoder runs in a Web Worker; this thread only renders.
import { startApp } from './app.js';
import { createWorkerDecoderClient } from './decoder-client.js';
import { findElements } from './ui/elements.js';

startApp(findElements(), createWorkerDecoderClient());
