/**
 * One side of a message channel: a `Worker`, the worker's global scope, or a `MessagePort`. Typed
 * by what it receives (`TIn`) and sends (`TOut`).
 */
export interface MessageEndpoint<TIn, TOut> {
  postMessage(message: TOut): void;
  addEventListener(type: 'message', listener: (event: { readonly data: TIn }) => void): void;
}
