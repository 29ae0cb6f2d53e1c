import { ConfuError } from '@confu/errors';

/**
 * Largest token id (exclusive) and vocabulary accepted from a `tokenizer.json`: the library
 * sizes arrays by the largest id, so an id of 2^32 would loop for minutes. Real vocabularies
 * stay under 300,000 ids. Internal.
 */
export const maxTokenizerVocabSize = 1 << 22;

const pipelineStages = ['normalizer', 'pre_tokenizer', 'post_processor', 'decoder'] as const;
const nestedLists = ['normalizers', 'pretokenizers', 'processors', 'decoders'];

/**
 * Checks the ids of a `tokenizer.json`'s model and added tokens against
 * {@link maxTokenizerVocabSize} (and Unigram's `unk_id` against its vocabulary), and the shape of
 * the pipeline stages that the library would otherwise accept and fail on later: every stage is
 * an object with a string `type`, nested stage lists are lists, every `pattern` is `{String}` or
 * `{Regex}`, and a FixedLength pre-tokenizer has a positive length (0 loops forever). Internal.
 * @throws ConfuError `INVALID_FILE` naming the file, the field and the value.
 */
export function checkHfTokenizerJson(json: Record<string, unknown>, name: string): void {
  const fail = (message: string): never => {
    throw new ConfuError('INVALID_FILE', `${name}: ${message}`);
  };
  const model = json['model'] as Record<string, unknown>;
  const vocab = model['vocab'];
  if (Array.isArray(vocab)) {
    if (vocab.length > maxTokenizerVocabSize) {
      fail(`Unigram vocab has ${vocab.length} entries, over the limit of ${maxTokenizerVocabSize}`);
    }
    vocab.forEach((entry: unknown, id) => {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Number.isFinite(entry[1])) {
        fail(`Unigram vocab entry ${id} must be [piece, score]`);
      }
    });
    const unk = model['unk_id'];
    if (unk !== undefined && unk !== null && !isId(unk, vocab.length)) {
      fail(`Unigram unk_id ${String(unk)} is not an index of its ${vocab.length}-entry vocab`);
    }
  } else {
    for (const [token, id] of Object.entries(vocab as Record<string, unknown>)) {
      if (!isId(id, maxTokenizerVocabSize)) {
        fail(
          `vocab id ${String(id)} of token ${JSON.stringify(token).slice(0, 60)} is not an integer in [0, ${maxTokenizerVocabSize})`,
        );
      }
    }
  }
  for (const token of json['added_tokens'] as readonly { id: number; content: string }[]) {
    if (token.id >= maxTokenizerVocabSize) {
      fail(
        `added token ${JSON.stringify(token.content).slice(0, 60)} has id ${token.id}, over the limit of ${maxTokenizerVocabSize}`,
      );
    }
  }
  for (const stage of pipelineStages) checkStage(json[stage], stage, fail);
}

function checkStage(value: unknown, path: string, fail: (message: string) => never): void {
  if (value === null || value === undefined) return;
  if (!isRecord(value) || typeof value['type'] !== 'string') {
    fail(`${path} must be null or an object with a string "type"`);
  }
  const stage = value as Record<string, unknown>;
  const pattern = stage['pattern'];
  if (pattern !== undefined || stage['type'] === 'Split' || stage['type'] === 'Replace') {
    const valid =
      isRecord(pattern) &&
      (typeof pattern['String'] === 'string' || typeof pattern['Regex'] === 'string');
    if (!valid) fail(`${path} (${String(stage['type'])}) needs a pattern {"String"} or {"Regex"}`);
  }
  // The library's FixedLength loop advances by `length`: 0 or a negative length never ends.
  if (stage['type'] === 'FixedLength') {
    const length = stage['length'];
    if (!(typeof length === 'number' && Number.isInteger(length) && length >= 1)) {
      fail(`${path} (FixedLength) needs a positive integer "length", got ${String(length)}`);
    }
  }
  for (const key of nestedLists) {
    const list = stage[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(`${path}.${key} must be a list`);
    (list as unknown[]).forEach((item, index) =>
      checkStage(item, `${path}.${key}[${index}]`, fail),
    );
  }
}

function isId(value: unknown, limit: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < limit;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
