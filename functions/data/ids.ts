/**
 * Opaque, time-ordered ids (ULID layout: 48-bit millisecond time + 80 random bits, Crockford base32).
 * Ordering by id equals ordering by creation, so a Query on `POLICY#` returns a client's policies oldest
 * first without another index.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newId(now: number = Date.now()): string {
  let time = '';
  let remaining = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ALPHABET[random[i]! % 32];
  return time + tail;
}
