import { llama2cBosId } from './llama2c-encode.js';
import type { Llama2cVocabulary } from './llama2c-vocabulary.js';

/** llama2.c's EOS id (`\n</s>\n`); run.c never prints it. */
export const llama2cEosId = 2;
const bytePiece = /^<0x([0-9A-Fa-f]{2})>$/;

/**
 * llama2.c run.c `decode` over a sequence: a piece right after BOS loses its leading space,
 * `<0xXX>` pieces become that raw byte, and the bytes are read as UTF-8 at the end (so a
 * character split over byte pieces comes out whole). BOS and EOS are control tokens and add
 * nothing, as in SentencePiece; `skip` drops further ids (`<unk>`).
 */
export function decodeLlama2c(
  vocab: Llama2cVocabulary,
  ids: readonly number[],
  skip: ReadonlySet<number>,
): string {
  const bytes: number[] = [];
  let previous = -1;
  for (const id of ids) {
    const afterBos = previous === llama2cBosId;
    previous = id;
    if (id === llama2cBosId || id === llama2cEosId || skip.has(id)) continue;
    let piece = vocab.pieces[id] ?? '';
    if (afterBos && piece.startsWith(' ')) piece = piece.slice(1);
    const byte = bytePiece.exec(piece)?.[1];
    if (byte !== undefined) {
      bytes.push(Number.parseInt(byte, 16));
      continue;
    }
    for (let index = 0; index < piece.length; index++) bytes.push(piece.charCodeAt(index));
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
