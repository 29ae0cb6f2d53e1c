import type { DraftTree, FinishReason, GenerationStats } from '@confu/core';

/** Accumulates the timings and counters of a speculative generation. */
export class RoundStats {
  readonly #now: () => number;
  readonly #started: number;
  #prefillAt = 0;
  #rounds = 0;
  #drafted = 0;
  #accepted = 0;
  #acceptedAtDepth: number[] = [];
  #draftMs = 0;
  #verifyMs = 0;
  #depthSum = 0;
  #finishReason: FinishReason = 'length';

  constructor(now: () => number) {
    this.#now = now;
    this.#started = now();
  }

  prefillDone(): void {
    this.#prefillAt = this.#now();
  }

  async timeDraft<T>(task: () => Promise<T>): Promise<T> {
    const start = this.#now();
    try {
      return await task();
    } finally {
      this.#draftMs += this.#now() - start;
    }
  }

  async timeVerify<T>(task: () => Promise<T>): Promise<T> {
    const start = this.#now();
    try {
      return await task();
    } finally {
      this.#verifyMs += this.#now() - start;
    }
  }

  /** Records a verified tree and how many of its draft tokens were accepted. */
  round(tree: DraftTree, accepted: number): void {
    this.#rounds++;
    this.#drafted += tree.tokens.length - 1;
    const depths: number[] = [];
    tree.parents.forEach((parent) => depths.push(parent < 0 ? 0 : (depths[parent] as number) + 1));
    this.#depthSum += Math.max(...depths);
    this.#accepted += accepted;
    for (let depth = 0; depth < accepted; depth++) {
      this.#acceptedAtDepth[depth] = (this.#acceptedAtDepth[depth] ?? 0) + 1;
    }
  }

  /** Records why generation ends; returns true so callers can write `done: stats.finish(...)`. */
  finish(reason: FinishReason): true {
    this.#finishReason = reason;
    return true;
  }

  final(
    generated: number,
    promptTokens: number,
  ): { finishReason: FinishReason; stats: GenerationStats } {
    const ended = this.#now();
    const prefillMs = this.#prefillAt - this.#started;
    const decodeMs = ended - this.#prefillAt;
    const roundMs = this.#draftMs + this.#verifyMs;
    const hostMs = Math.max(0, decodeMs - roundMs);
    const rounds = this.#rounds;
    return {
      finishReason: this.#finishReason,
      stats: {
        promptTokens,
        generatedTokens: generated,
        targetPasses: rounds + 1,
        acceptanceLength: rounds > 0 ? (this.#accepted + rounds) / rounds : 1,
        prefillMs,
        decodeMs,
        timeToFirstTokenMs: prefillMs,
        tokensPerSecond: rate(generated, ended - this.#started),
        decodeTokensPerSecond: rate(Math.max(0, generated - 1), decodeMs),
        speculative: {
          rounds,
          drafted: this.#drafted,
          accepted: this.#accepted,
          acceptanceRateByDepth: this.#acceptedAtDepth.map((count) => count / rounds),
          meanTreeTokens: rounds > 0 ? this.#drafted / rounds + 1 : 0,
          meanTreeDepth: rounds > 0 ? this.#depthSum / rounds : 0,
          draftMs: this.#draftMs,
          verifyMs: this.#verifyMs,
          hostMs,
          hostFraction: decodeMs > 0 ? hostMs / decodeMs : 0,
        },
      },
    };
  }
}

function rate(count: number, milliseconds: number): number {
  return milliseconds > 0 ? (count * 1000) / milliseconds : 0;
}
