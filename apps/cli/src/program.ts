import { Command } from 'commander';
import { benchUsage, runBench } from './commands/bench.js';
import { corpusUsage, runCorpus } from './commands/corpus.js';
import { dataUsage, runData } from './commands/data.js';
import { expandUsage, runExpand } from './commands/expand.js';
import { exportUsage, runExport } from './commands/export.js';
import { generateCommand } from './commands/generate.js';
import { serveCommand } from './commands/serve.js';
import { runTokenizer, tokenizerUsage } from './commands/tokenizer.js';
import { runTrain, trainUsage } from './commands/train.js';
import { passthroughCommand } from './passthrough-command.js';

/**
 * The `confu` program (commander): per-command `--help`, "did you mean" for unknown commands and
 * options, usage errors without a wall of help. `generate` and `serve` declare their options here;
 * the other commands parse their own and share the same help and suggestions.
 */
export function createProgram(signal: AbortSignal): Command {
  const program = new Command('confu')
    .description('Speculative decoding for JavaScript on ONNX Runtime.')
    .usage('<command> [options]')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ sortOptions: false, helpWidth: 100 })
    .addCommand(generateCommand(signal))
    .addCommand(
      passthroughCommand(
        {
          name: 'bench',
          summary: 'speculative vs plain decoding over a prompt set',
          usage: benchUsage,
          run: runBench,
        },
        signal,
      ),
    )
    .addCommand(serveCommand(signal));
  const others = [
    ['data', 'regenerate training records with a frozen target', dataUsage, runData],
    [
      'corpus',
      'gather language-model training text (dev prompts excluded)',
      corpusUsage,
      runCorpus,
    ],
    ['train', 'train a language model, or an EAGLE-3 / ConFu draft head', trainUsage, runTrain],
    [
      'export',
      'write a model as GGUF for llama.cpp',
      exportUsage,
      (argv: string[]) => runExport(argv),
    ],
    [
      'expand',
      'a model at a real model’s shape and cost, computing the same function',
      expandUsage,
      (argv: string[]) => runExpand(argv),
    ],
    ['tokenizer', 'train a byte-level BPE tokenizer on text files', tokenizerUsage, runTokenizer],
  ] as const;
  for (const [name, summary, usage, run] of others) {
    program.addCommand(passthroughCommand({ name, summary, usage, run }, signal));
  }
  // Subcommands inherit the exit override, so usage errors reach main's exit codes.
  for (const command of program.commands) command.exitOverride().showSuggestionAfterError(true);
  return program;
}
