import { parseArgs } from 'node:util';
import { expandModel } from '@confu/node';
import { createProgressBar } from '@confu/trainer';
import { numberOption, requiredString } from '../cli-options.js';

export const expandUsage = `confu expand --model <dir> --shape <name|config.json> --out <dir> [--head <dir> ...]

  Writes a Hugging Face checkpoint of a real model's shape that computes exactly the model's
  function (docs/realistic-targets.md): the same tokens at the cost of that shape. Name it
  honestly in tables: <model>@<shape>, e.g. stories260K@100m.
  --model <dir>         llama2.c or Hugging Face Llama directory
  --shape <name|file>   100m | smollm2-360m | tinyllama-1.1b | llama-3.2-1b, or a config.json
  --out <dir>           output directory (must not exist): config.json, model.safetensors,
                        the model's tokenizer files, one subdirectory per --head
  --head <dir>          an EAGLE-3 or ConFu head of the model, expanded to match (repeatable)
  --draft-vocab <n>     pad head draft vocabularies to n (default: min(8192, shape vocab): SpecForge
                        heads keep 32,000 of Llama-3's 128,256 ids, a quarter; 8,192 is a quarter
                        of a 32,000 vocabulary)`;

/** `confu expand`: flags and a progress bar around `expandModel` of @confu/node. */
export async function runExpand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      shape: { type: 'string' },
      out: { type: 'string' },
      head: { type: 'string', multiple: true },
      'draft-vocab': { type: 'string' },
    },
    strict: true,
  });
  const flags = values as Record<string, string | undefined>;
  let progress: ReturnType<typeof createProgressBar> | undefined;
  const draftVocab = numberOption(flags, 'draft-vocab', { integer: true, min: 1 });
  const expanded = await expandModel({
    model: requiredString(flags, 'model'),
    shape: requiredString(flags, 'shape'),
    out: requiredString(flags, 'out'),
    heads: values.head ?? [],
    ...(draftVocab === undefined ? {} : { draftVocab }),
    onTensor: (name, written, total) => {
      progress ??= createProgressBar({
        totalSteps: total,
        stream: process.stderr,
        lines: !process.stderr.isTTY,
      });
      progress.update(written, name);
      if (written === total) progress.finish();
    },
  });
  const { shape } = expanded;
  process.stderr.write(
    `${expanded.out}: ${expanded.name}@${shape.name} — ${shape.numLayers} layers, hidden ${shape.hiddenSize}, ${shape.numHeads}/${shape.numKvHeads} heads × ${shape.headDim}, FFN ${shape.intermediateSize}, vocab ${shape.vocabSize}; taps [${expanded.tapLayers.join(', ')}]${expanded.heads.length ? `; heads: ${expanded.heads.join(', ')} (draft vocab ${expanded.draftVocab})` : ''}\n`,
  );
}
