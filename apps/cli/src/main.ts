import { ConfuError } from '@confu/errors';
import { benchUsage, runBench } from './commands/bench.js';
import { corpusUsage, runCorpus } from './commands/corpus.js';
import { dataUsage, runData } from './commands/data.js';
import { expandUsage, runExpand } from './commands/expand.js';
import { exportUsage, runExport } from './commands/export.js';
import { generateUsage, runGenerate } from './commands/generate.js';
import { runServe, serveUsage } from './commands/serve.js';
import { runTrain, trainUsage } from './commands/train.js';
import { runTokenizer, tokenizerUsage } from './commands/tokenizer.js';

const usage = `usage: confu <command> [options]

commands:
  generate    generate text from a model
  bench       speculative vs plain decoding over a prompt set
  serve       OpenAI-compatible HTTP server
  data        regenerate training records with a frozen target
  corpus      gather language-model training text (dev prompts excluded)
  train       train a language model, or an EAGLE-3 / ConFu draft head on record files
  export      write a model as GGUF for llama.cpp
  expand      a model at a real model's shape and cost, computing the same function
  tokenizer   train a byte-level BPE tokenizer on text files

${generateUsage}

${benchUsage}

${serveUsage}

${dataUsage}

${corpusUsage}

${trainUsage}

${exportUsage}

${expandUsage}

${tokenizerUsage}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  switch (command) {
    case 'generate':
      await runGenerate(rest, controller.signal);
      return 0;
    case 'bench':
      await runBench(rest, controller.signal);
      return 0;
    case 'data':
      await runData(rest, controller.signal);
      return 0;
    case 'corpus':
      await runCorpus(rest, controller.signal);
      return 0;
    case 'train':
      await runTrain(rest, controller.signal);
      return 0;
    case 'serve':
      await runServe(rest, controller.signal);
      return 0;
    case 'export':
      await runExport(rest);
      return 0;
    case 'expand':
      await runExpand(rest);
      return 0;
    case 'tokenizer':
      await runTokenizer(rest, controller.signal);
      return 0;
    case undefined:
    case '--help':
    case 'help':
      process.stderr.write(`${usage}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`confu: unknown command \`${command}\`\n\n${usage}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usageError = ConfuError.isInstance(error) && error.code === 'INVALID_ARGUMENT';
    const parseError =
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    const code = ConfuError.isInstance(error) ? ` [${error.code}]` : '';
    process.stderr.write(`confu: ${message}${code}\n`);
    process.exitCode = usageError || parseError ? 2 : 1;
  },
);
