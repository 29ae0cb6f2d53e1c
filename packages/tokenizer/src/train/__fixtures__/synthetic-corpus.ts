import { createSeededRandom } from '@confu/sampler';
import { WordCounter } from '../word-counter.js';
import type { WordCounts } from '../word-counter.js';

const words = [
  'Once', 'upon', 'a', 'time', 'there', 'was', 'little', 'girl', 'named', 'Lily', 'She', 'loved',
  'to', 'play', 'with', 'her', 'dog', 'in', 'the', 'park', 'One', 'day', 'they', 'found', 'big',
  'red', 'ball', "didn't", "it's", 'happy', 'sad', 'friends', '123', '2024', '你好', '世界', '小狗',
  'café', 'naïve', '🙂', '👨‍👩‍👧', '🐶', 'Ωμέγα', 'привет',
];
const punctuation = ['.', ',', '!', '?', '"', ' -'];

/** Deterministic pseudo-stories from `seed`, mixing ASCII, CJK, accents and emoji. */
export function syntheticCorpus(sentences: number, seed = 1): string {
  const source = createSeededRandom(seed);
  const random = (): number => source.next();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const parts: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const length = 3 + Math.floor(random() * 9);
    const sentence = Array.from({ length }, () => pick(words)).join(' ');
    parts.push(sentence + pick(punctuation) + (random() < 0.2 ? '\n\n' : ' '));
  }
  return parts.join('');
}

/** Word counts of `text` with the default special tokens. */
export function countWords(text: string, specialTokens = ['<s>', '</s>']): WordCounts {
  const counter = new WordCounter(specialTokens);
  counter.add(text);
  return counter.finish();
}
