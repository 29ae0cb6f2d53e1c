import { loadHfTokenizer } from '@confu/tokenizer';
import * as fc from 'fast-check';
import { fuzzTarget } from '../fuzz-target.js';

const pieces = [
  'a',
  'b',
  'ab',
  'ba',
  ' ',
  '▁',
  '▁a',
  'Ġ',
  'Ġb',
  '<unk>',
  '<s>',
  '</s>',
  '<0x41>',
  '##a',
  '',
  'é',
  '日',
];
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...pieces) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);
const id = fc.oneof(
  { weight: 40, arbitrary: fc.integer({ min: 0, max: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 0.5, 2 ** 22, 2 ** 32, 2 ** 53, '3', null) },
);
// Patterns of real tokenizers only: a catastrophic one would hang any regex engine (the server's
// watchdog bounds that case; see docs/reliability-testing.md).
const pattern = fc.oneof(
  fc.record({ String: fc.constantFrom(' ', '▁', '', 'a', '\n') }),
  fc.record({
    Regex: fc.constantFrom(
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
      '\\s+',
      '.',
      ' ?[a-z]+',
      '[',
      '(?<=a)b',
      '\\p{Foo}',
    ),
  }),
  fc.constantFrom<unknown>({}, null, 'x', { Regex: 3 }),
);

const stageTypes = {
  normalizer: [
    'NFC',
    'NFKC',
    'Lowercase',
    'Strip',
    'StripAccents',
    'Replace',
    'Prepend',
    'Sequence',
    'BertNormalizer',
    'Precompiled',
    'Mystery',
  ],
  pre_tokenizer: [
    'ByteLevel',
    'Metaspace',
    'Whitespace',
    'WhitespaceSplit',
    'Split',
    'Digits',
    'Punctuation',
    'Sequence',
    'Replace',
    'FixedLength',
    'BertPreTokenizer',
    'Mystery',
  ],
  post_processor: [
    'TemplateProcessing',
    'ByteLevel',
    'BertProcessing',
    'RobertaProcessing',
    'Sequence',
    'Mystery',
  ],
  decoder: [
    'ByteLevel',
    'Metaspace',
    'WordPiece',
    'BPEDecoder',
    'CTC',
    'Sequence',
    'Replace',
    'Fuse',
    'Strip',
    'ByteFallback',
    'Mystery',
  ],
} as const;

const oddValue = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, 1, -1, 2, '', 'a', '▁', [], {}),
  fc.integer({ min: -4, max: 64 }),
  fc.string({ maxLength: 3 }),
);
/** Absent most of the time, else an odd value. */
const anyValue = fc.option(oddValue, { freq: 4, nil: undefined });

const templatePart = fc.oneof(
  fc.record({ SpecialToken: fc.record({ id: piece, type_id: anyValue }) }),
  fc.record({
    Sequence: fc.record({ id: fc.constantFrom<unknown>('A', 'B', 'C', 1), type_id: anyValue }),
  }),
  anyValue,
);

function stage(kind: keyof typeof stageTypes): fc.Arbitrary<unknown> {
  const leaf = fc.record(
    {
      type: fc.oneof(
        { weight: 9, arbitrary: fc.constantFrom<unknown>(...stageTypes[kind]) },
        { weight: 1, arbitrary: anyValue },
      ),
      pattern,
      content: anyValue,
      replacement: anyValue,
      prepend_scheme: fc.constantFrom<unknown>('always', 'first', 'never', 3),
      add_prefix_space: anyValue,
      trim_offsets: anyValue,
      use_regex: anyValue,
      behavior: fc.constantFrom<unknown>(
        'Isolated',
        'Removed',
        'MergedWithPrevious',
        'Contiguous',
        7,
      ),
      invert: anyValue,
      individual_digits: anyValue,
      length: anyValue,
      prefix: anyValue,
      suffix: anyValue,
      start: anyValue,
      stop: anyValue,
      strip_left: anyValue,
      strip_right: anyValue,
      single: fc.oneof(fc.array(templatePart, { maxLength: 3 }), anyValue),
      pair: fc.oneof(fc.array(templatePart, { maxLength: 4 }), anyValue),
      special_tokens: fc.oneof(
        fc.dictionary(
          piece,
          fc.record({
            id: piece,
            ids: fc.array(id, { maxLength: 2 }),
            tokens: fc.array(piece, { maxLength: 2 }),
          }),
          { maxKeys: 2 },
        ),
        anyValue,
      ),
      sep: fc.oneof(fc.tuple(piece, id), anyValue),
      cls: fc.oneof(fc.tuple(piece, id), anyValue),
    },
    { requiredKeys: ['type'] },
  );
  const list =
    kind === 'normalizer'
      ? 'normalizers'
      : kind === 'pre_tokenizer'
        ? 'pretokenizers'
        : kind === 'post_processor'
          ? 'processors'
          : 'decoders';
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(null) },
    { weight: 5, arbitrary: leaf },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('Sequence'),
        [list]: fc.oneof(fc.array(leaf, { maxLength: 3 }), anyValue),
      }),
    },
  );
}

const model = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record(
      {
        type: fc.constantFrom<unknown>('BPE', 'WordPiece'),
        vocab: fc.oneof(
          { weight: 19, arbitrary: fc.dictionary(piece, id, { maxKeys: 12 }) },
          { weight: 1, arbitrary: oddValue },
        ),
        merges: fc.oneof(
          {
            weight: 19,
            arbitrary: fc.array(
              fc.oneof(
                { weight: 9, arbitrary: fc.tuple(piece, piece).map(([a, b]) => `${a} ${b}`) },
                { weight: 3, arbitrary: fc.tuple(piece, piece) },
                { weight: 1, arbitrary: oddValue },
              ),
              { maxLength: 6 },
            ),
          },
          { weight: 1, arbitrary: oddValue },
        ),
        unk_token: fc.oneof(piece, anyValue),
        continuing_subword_prefix: fc.oneof(fc.constantFrom<unknown>('##', null), anyValue),
        byte_fallback: anyValue,
        fuse_unk: anyValue,
        ignore_merges: anyValue,
        max_input_chars_per_word: anyValue,
      },
      { requiredKeys: ['type', 'vocab', 'merges'] },
    ),
  },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        type: fc.constant('Unigram'),
        vocab: fc.oneof(
          {
            weight: 19,
            arbitrary: fc.array(
              fc.oneof(
                { weight: 19, arbitrary: fc.tuple(piece, fc.double({ min: -20, max: 0 })) },
                { weight: 1, arbitrary: oddValue },
              ),
              { maxLength: 10 },
            ),
          },
          { weight: 1, arbitrary: oddValue },
        ),
        unk_id: fc.oneof(
          { weight: 9, arbitrary: fc.constantFrom<unknown>(0, 1, undefined) },
          { weight: 1, arbitrary: id },
        ),
        byte_fallback: anyValue,
      },
      { requiredKeys: ['type', 'vocab'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.oneof(fc.constantFrom<unknown>('WordLevel', 'Mystery'), anyValue),
      vocab: anyValue,
    }),
  },
);

const addedId = fc.oneof(
  { weight: 19, arbitrary: fc.integer({ min: 0, max: 24 }) },
  { weight: 1, arbitrary: id },
);
const addedToken = fc.oneof(
  {
    weight: 39,
    arbitrary: fc.record({
      id: addedId,
      content: fc.constantFrom(...pieces),
      special: anyValue,
      normalized: anyValue,
      lstrip: anyValue,
      rstrip: anyValue,
    }),
  },
  { weight: 1, arbitrary: oddValue },
);

const tokenizerJson = fc.record(
  {
    model: fc.oneof({ weight: 19, arbitrary: model }, { weight: 1, arbitrary: anyValue }),
    added_tokens: fc.oneof(
      { weight: 9, arbitrary: fc.array(addedToken, { maxLength: 4 }) },
      { weight: 1, arbitrary: anyValue },
    ),
    normalizer: stage('normalizer'),
    pre_tokenizer: stage('pre_tokenizer'),
    post_processor: stage('post_processor'),
    decoder: stage('decoder'),
  },
  { requiredKeys: ['model'] },
);

const texts = fc.array(
  fc.string({
    unit: fc.constantFrom('a', 'b', ' ', '▁', 'é', '日', '\n', '1', '!', '<s>', '\u0000', '\ud800'),
    maxLength: 24,
  }),
  { minLength: 1, maxLength: 3 },
);

/** `loadHfTokenizer` on a structured (or wholly random) `tokenizer.json`; then encode and decode. */
export const hfTokenizerTarget = fuzzTarget({
  name: 'hf-tokenizer',
  arbitrary: fc.record({
    json: fc.oneof(
      { weight: 9, arbitrary: tokenizerJson },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    ),
    asText: fc.boolean(),
    texts,
  }),
  run({ json, asText, texts: inputs }) {
    const tokenizer = loadHfTokenizer(asText ? JSON.stringify(json) : (json as object), {
      name: 'fuzz/tokenizer.json',
    });
    for (const text of inputs) {
      const ids = tokenizer.encode(text);
      tokenizer.decode(ids);
      tokenizer.decode(ids, { skipSpecialTokens: true });
      const stream = tokenizer.createStreamDecoder();
      for (const token of ids) stream.push(token);
      stream.flush();
    }
  },
  describe: ({ json, texts: inputs }) =>
    `${JSON.stringify(json).slice(0, 600)} texts ${JSON.stringify(inputs)}`,
});
