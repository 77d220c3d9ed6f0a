/**
 * fast-check arbitraries for the API's requests: valid-shaped values that follow shared/schemas.ts (which the
 * server may still refuse for business reasons — a stale version, an unknown payer), and junk — mutations of a
 * valid body that the schemas must refuse whatever else the server thinks: wrong types, out-of-range numbers,
 * numbers as strings, impossible dates, strings far over their limits, unknown and prototype-polluting keys,
 * arrays where objects belong, 5000 levels of nesting, broken JSON.
 *
 * Junk is described as a function of the valid body, applied when the request is sent: version fields are only
 * known then (see CURRENT_VERSION), and some junk (`__proto__` as an own key, `1e400`, deep nesting) cannot be
 * built as a JS value and serialised with JSON.stringify, so bodies are written by `toJsonText`, which accepts
 * pre-written fragments (`RawJson`).
 */
import fc from 'fast-check';

// ------------------------------------------------------------------------------------------------- JSON text

/** A fragment of JSON text inserted as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Stands for "the item's version as it is when the request is sent"; replaced by `resolveCurrentVersion`. */
export const CURRENT_VERSION: unique symbol = Symbol('current version');

/** JSON.stringify, except that RawJson fragments are inserted verbatim and `__proto__` stays an ordinary key. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, member]) => `${JSON.stringify(key)}:${toJsonText(member)}`)
      .join(',')}}`;
  }
  if (typeof value === 'symbol') throw new Error('An unresolved CURRENT_VERSION reached the wire');
  return JSON.stringify(value) ?? 'null';
}

/** A deep copy with every CURRENT_VERSION replaced by `version` (a number to send, or a RawJson to print). */
export function resolveCurrentVersion<T>(value: T, version: number | RawJson): T {
  if (value === CURRENT_VERSION) return version as T;
  if (Array.isArray(value)) return value.map((member) => resolveCurrentVersion(member, version)) as T;
  if (value instanceof RawJson) return value;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, resolveCurrentVersion(member, version)])) as T;
  }
  return value;
}

export const containsCurrentVersion = (value: unknown): boolean =>
  value === CURRENT_VERSION || (typeof value === 'object' && value !== null && Object.values(value).some(containsCurrentVersion));

// ------------------------------------------------------------------------------------------------- valid shapes

/** Text a person might type, from any script: emoji, right-to-left, combining marks, NUL, zero-width space, lone surrogates. */
const SPECIAL_TEXT = [
  'Zoë Ærøskøbing',
  '😀 Health & Co.',
  'שלום עליכם',
  'مرحبا',
  '\u202Eevil\u202C',
  'a\u0000b',
  'zero\u200Bwidth',
  'e\u0301\u0301\u0301',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'lone \ud800 high',
  'lone \udfff low',
  '  padded  ',
  '<script>alert(1)</script>',
  "O'Brien; DROP TABLE",
  '${jndi:ldap://x}',
  'NaN',
  'null',
  'undefined',
];

/** A string for a free-text field of at most `max` characters (trimmed by the server; may end up empty). */
export function freeText(max: number, minLength = 1): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength, maxLength: Math.min(max, 40) }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(max, 12) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength, maxLength: Math.min(max, 12) }) },
    { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_TEXT.filter((text) => text.length <= max)) },
  );
}

/** A calendar day in the range the product accepts (1900–2199). */
export const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

/** A recent calendar day (coverage and service dates cluster around now). */
export const recentIsoDate = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

/** An opaque id of the right shape that names nothing. */
export const unknownId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

/** Mostly the given real ids, sometimes a well-formed id that names nothing. */
export const realOrUnknownId = (...ids: string[]) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: unknownId });

/** Mostly the current version (so that writes succeed), sometimes a stale or future one. */
export const versionField = fc.oneof(
  { weight: 4, arbitrary: fc.constant(CURRENT_VERSION) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000_000_000 }) },
);

/** fc.record whose keys are all optional except `required`. */
export function someOf<T extends Record<string, fc.Arbitrary<unknown>>>(
  model: T,
  required: (keyof T)[] = [],
): fc.Arbitrary<Partial<{ [K in keyof T]: T[K] extends fc.Arbitrary<infer U> ? U : never }>> {
  return fc.record(model, { requiredKeys: required as never }) as never;
}

// ------------------------------------------------------------------------------------------------- junk

/** A way to break a valid body; `apply` gets the body (versions resolved) and returns the JSON text to send. */
export interface Junk {
  label: string;
  apply: (validBody: unknown) => string;
}

type Leaf = { path: (string | number)[]; value: unknown };

/** Every primitive (and null) in a body, with its path. */
function leavesOf(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((member, index) => leavesOf(member, [...path, index]));
  if (typeof value === 'object' && value !== null && !(value instanceof RawJson)) {
    return Object.entries(value).flatMap(([key, member]) => leavesOf(member, [...path, key]));
  }
  return [{ path, value }];
}

/** Every object (the body itself included) in a body, with its path. */
function objectsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((member, index) => objectsOf(member, [...path, index]));
  if (typeof value === 'object' && value !== null && !(value instanceof RawJson)) {
    return [path, ...Object.entries(value).flatMap(([key, member]) => objectsOf(member, [...path, key]))];
  }
  return [];
}

function replaceAt(value: unknown, path: (string | number)[], replacement: (current: unknown) => unknown): unknown {
  if (path.length === 0) return replacement(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((member, index) => (index === head ? replaceAt(member, rest, replacement) : member));
  return Object.fromEntries(
    Object.entries(value as object).map(([key, member]) => [key, key === head ? replaceAt(member, rest, replacement) : member]),
  );
}

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

const DATE_SHAPED = /^\d{4}-\d{2}-\d{2}$/;
/** Calendar-impossible or out-of-range days, and other spellings of a day: never a valid `YYYY-MM-DD`. */
export const INVALID_DATES = [
  '2026-02-30',
  '2025-02-29',
  '2026-04-31',
  '2026-13-01',
  '2026-00-10',
  '2026-01-00',
  '1899-12-31',
  '2200-01-01',
  '2026-1-5',
  '20260105',
  '2026/01/05',
  '2026-01-05T00:00:00Z',
  ' 2026-01-05',
  '05-01-2026',
  'yesterday',
  '',
];
/** Numbers no field of the API accepts: every number field is an integer with min ≥ 0 and max ≤ 10^9. */
const OUT_OF_RANGE_NUMBERS = ['-1', '1.5', '10000000000', '1e400', '-1e400', '4.9e-324', '9007199254740993'];
const NUMBERS_AS_STRINGS = ['1', '42', ' 42', '0x10', '1e3', 'NaN', 'Infinity', '-Infinity', '', 'true'];
/** Keys no request schema has (each request object is strict), among them the prototype-pollution classics. */
const FOREIGN_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '$where',
  'clientId',
  'pk',
  'isAdmin',
  'version\u0000',
  'Version',
];
const DEEP = 5_000;

/** Replacement values of a JSON type other than `original`'s (and never a string or number for a null: those may be valid). */
function otherTypeValue(original: unknown, pick: number): unknown {
  const candidates: Record<string, unknown> = {
    string: 'not-a-number-or-flag',
    number: 7,
    boolean: true,
    array: ['x'],
    object: { nested: 'value' },
  };
  const allowed = Object.keys(candidates).filter(
    (type) => type !== jsonType(original) && !(original === null && (type === 'string' || type === 'number' || type === 'object')),
  );
  return candidates[allowed[pick % allowed.length]!];
}

/** Text far over any field's limit (every string field of the API allows at most 256 characters). */
const hugeString = (length: number, emoji: boolean) => (emoji ? '😀'.repeat(Math.ceil(length / 2)) : 'x'.repeat(length));

/** Junk that the request schemas must refuse with 400, for routes that take a JSON body. */
export function junkBody(options: { bodyOptional?: boolean } = {}): fc.Arbitrary<Junk> {
  const atLeaf = (label: string, change: (leaf: Leaf, pick: number) => unknown): fc.Arbitrary<Junk> =>
    fc.tuple(fc.nat(), fc.nat()).map(([which, pick]) => ({
      label,
      apply: (body: unknown) => {
        const leaves = leavesOf(body).filter((leaf) => leaf.path.length > 0);
        // A body without fields (e.g. `{}`) cannot be broken field by field: wrap it in an array instead.
        if (leaves.length === 0) return toJsonText([body]);
        const leaf = leaves[which % leaves.length]!;
        return toJsonText(replaceAt(body, leaf.path, () => change(leaf, pick)));
      },
    }));

  const brokenJson = [
    '{',
    '{"a":',
    '{"a":1,}',
    "{'single':'quotes'}",
    '{"a":1}}',
    'nul',
    'tru',
    '[1,2',
    '\u0000',
    '{"a":"\\x41"}',
    '{"a":"\\ud83d"',
    ...(options.bodyOptional ? [] : ['', '   ']),
  ];

  return fc.oneof(
    fc
      .oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 4 }))
      .map((value) => ({ label: `not an object: ${JSON.stringify(value)?.slice(0, 40)}`, apply: () => JSON.stringify(value) })),
    fc.constantFrom(...brokenJson).map((text) => ({ label: `broken JSON ${JSON.stringify(text)}`, apply: () => text })),
    fc.nat().map((cut) => ({
      label: 'valid JSON cut short',
      apply: (body: unknown) => {
        const text = toJsonText(body);
        return text.slice(0, 1 + (cut % Math.max(1, text.length - 1)));
      },
    })),
    atLeaf('a field of the wrong type', (leaf, pick) => otherTypeValue(leaf.value, pick)),
    atLeaf('a field out of range (number, date or length)', (leaf, pick) => {
      if (typeof leaf.value === 'number') return new RawJson(OUT_OF_RANGE_NUMBERS[pick % OUT_OF_RANGE_NUMBERS.length]!);
      if (typeof leaf.value === 'string' && DATE_SHAPED.test(leaf.value)) return INVALID_DATES[pick % INVALID_DATES.length];
      if (typeof leaf.value === 'string') return hugeString(300 + (pick % 100_000), pick % 2 === 0);
      return otherTypeValue(leaf.value, pick);
    }),
    atLeaf('a number or flag written as a string', (leaf, pick) =>
      typeof leaf.value === 'number' || typeof leaf.value === 'boolean'
        ? NUMBERS_AS_STRINGS[pick % NUMBERS_AS_STRINGS.length]
        : otherTypeValue(leaf.value, pick),
    ),
    atLeaf(
      `a field nested ${DEEP} levels deep`,
      (_leaf, pick) => new RawJson(pick % 2 ? `${'['.repeat(DEEP)}${']'.repeat(DEEP)}` : `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`),
    ),
    fc
      .tuple(fc.nat(), fc.constantFrom(...FOREIGN_KEYS), fc.constantFrom<unknown>({ polluted: true }, 'x', 1, null))
      .map(([which, key, value]) => ({
        label: `an unknown key ${JSON.stringify(key)}`,
        apply: (body: unknown) => {
          const objects = objectsOf(body);
          const target = objects[which % objects.length] ?? [];
          return toJsonText(replaceAt(body, target, (object) => ({ [key]: new RawJson(JSON.stringify(value)), ...(object as object) })));
        },
      })),
    fc.nat().map((which) => ({
      label: 'an array where an object belongs',
      apply: (body: unknown) => {
        const objects = objectsOf(body);
        const target = objects[which % objects.length] ?? [];
        return toJsonText(replaceAt(body, target, (object) => [object]));
      },
    })),
    fc.constant<Junk>({ label: `the whole body nested ${DEEP} levels deep`, apply: () => `${'['.repeat(DEEP)}${']'.repeat(DEEP)}` }),
    fc.constantFrom('\\ud800', '\\udfff', '\\u0000', '\\u202e').map((escape) => ({
      label: `a lone escape ${escape} in an unknown key`,
      apply: (body: unknown) =>
        toJsonText({ [`k${escape}`]: new RawJson(`"v${escape}"`), ...(body as object) }).replace(
          JSON.stringify(`k${escape}`),
          `"k${escape}"`,
        ),
    })),
  );
}

/** Path parameter values that are not ids at all (the decoded value fails `^[A-Za-z0-9_-]{1,64}$`). */
export const malformedPathParameter = fc
  .oneof(
    fc.constantFrom(
      'a b',
      'a/b',
      '%',
      '<script>',
      "' OR '1'='1",
      '$',
      '*',
      '~',
      'x'.repeat(65),
      '😀',
      'a\u0000b',
      '\ud800',
      '\u202Eabc',
      'a.b',
      '..a',
      '%2e%2e',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
  )
  .filter((value) => !/^[A-Za-z0-9_-]{1,64}$/.test(value) && value !== '.' && value !== '..');

/** Every byte percent-encoded (a lone surrogate becomes U+FFFD's bytes, as a browser would send it). */
export const percentEncode = (value: string) =>
  [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
