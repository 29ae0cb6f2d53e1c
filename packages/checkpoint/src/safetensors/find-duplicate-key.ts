const quote = 0x22;
const backslash = 0x5c;

/**
 * Returns the first key that appears twice in one object of `json` (already known to be valid
 * JSON), or `undefined`. `JSON.parse` silently keeps the last duplicate, which would let two
 * readers of the same file see different tensors. Iterative, so deep nesting cannot overflow.
 */
export function findDuplicateKey(json: string): string | undefined {
  // One entry per open container: the keys seen so far, or undefined for an array.
  const stack: (Set<string> | undefined)[] = [];
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const char = json.charCodeAt(i);
    if (char === quote) {
      const end = endOfString(json, i);
      if (expectKey) {
        // Decoding makes "a" and "\u0061" the same key.
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        const keys = stack[stack.length - 1];
        if (keys?.has(key)) return key;
        keys?.add(key);
        expectKey = false;
      }
      i = end;
    } else if (char === 0x7b /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (char === 0x5b /* [ */) {
      stack.push(undefined);
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
    } else if (char === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] !== undefined;
    }
  }
  return undefined;
}

/** Index of the quote closing the string that opens at `start`. */
function endOfString(json: string, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    const char = json.charCodeAt(i);
    if (char === backslash) i++;
    else if (char === quote) return i;
  }
  return json.length;
}
