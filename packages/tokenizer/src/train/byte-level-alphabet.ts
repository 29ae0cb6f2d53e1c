/**
 * GPT-2's byte-to-character map, as used by the `ByteLevel` pre-tokenizer and decoder of
 * `tokenizer.json`: printable Latin-1 bytes map to themselves, the other 68 to U+0100 onwards, so
 * every byte sequence becomes a string of visible characters.
 */
export const byteToCharacter: readonly string[] = (() => {
  const printable = (byte: number): boolean =>
    (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || byte >= 0xae;
  const characters: string[] = [];
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) {
    characters.push(String.fromCharCode(printable(byte) ? byte : 256 + shifted++));
  }
  return characters;
})();
