// Page entry: the decoder runs in a Web Worker; this thread only renders.
import { startApp } from './app.js';
import { createWorkerDecoderClient } from './decoder-client.js';
import { fetchServedModels } from './served-models.js';
import { findElements, hubEndpointOf } from './ui/elements.js';
import { modelCacheName } from './worker/model-cache-name.js';

startApp(findElements(), {
  decoder: createWorkerDecoderClient(),
  hubEndpoint: hubEndpointOf(),
  openCache: async () => (typeof caches === 'undefined' ? undefined : caches.open(modelCacheName)),
  servedModels: () => fetchServedModels(new URL('models/index.json', document.baseURI).href),
});
