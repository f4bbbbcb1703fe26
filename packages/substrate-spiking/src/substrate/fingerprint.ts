/**
 * A 96-bit fingerprint of some 32-bit words and a text: FNV-1a over the words with two different
 * primes, and over the text. Keys cached presentations; a network is told from another by it.
 */
export function fingerprint(words: readonly Uint32Array[], text: string): string {
  const codes = Uint32Array.from(text, (ch) => ch.codePointAt(0)!);
  return [0x01000193, 0x5bd1e995]
    .map((prime) => fnv(words, prime))
    .concat(fnv([codes], 0x01000193))
    .map((h) => h.toString(36))
    .join(':');
}

function fnv(parts: readonly Uint32Array[], prime: number): number {
  let h = 0x811c9dc5;
  for (const words of parts)
    for (const w of words) {
      h ^= w;
      h = Math.imul(h, prime) >>> 0;
    }
  return h;
}
