import type { FinishReason } from '@confu/node';
import type { SpeculationReport } from './messages.js';

/** What a generation yields to a route: `prepared` first, then `delta`s, then `done`. */
export type GenerationEvent =
  | { readonly type: 'prepared'; readonly promptTokens: number }
  | { readonly type: 'delta'; readonly text: string; readonly tokens: number }
  | {
      readonly type: 'done';
      readonly finishReason: FinishReason;
      readonly promptTokens: number;
      readonly completionTokens: number;
      readonly speculation: SpeculationReport;
    };

/** Timings and outcomes of generations, for metrics. Times are seconds. */
export interface GenerationObserver {
  rejected(): void;
  started(queueSeconds: number): void;
  firstToken(seconds: number): void;
  /** `tokens` arrived `seconds` after the previous ones. */
  tokens(tokens: number, seconds: number): void;
  finished(result: {
    readonly finishReason: FinishReason;
    readonly promptTokens: number;
    readonly completionTokens: number;
    readonly seconds: number;
    readonly speculation: SpeculationReport;
  }): void;
  aborted(): void;
  /** A cancelled generation's slot came free `seconds` after the abort was sent. */
  abortReleased(seconds: number): void;
  failed(): void;
  /** A request ran past the server's per-request deadline. */
  deadlineExceeded(): void;
  /** The watchdog replaced a worker that did not end an aborted generation in time. */
  workerReplaced(): void;
}
