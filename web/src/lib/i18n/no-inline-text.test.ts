/**
 * Every user-facing word of the portal comes from the message catalogs: the portal's Svelte files (routes/portal,
 * lib/portal) and the shared components it renders (lib/components, the root layout) may not carry literal text
 * in their markup, nor in the attributes people read or hear (aria-label, placeholder, alt, title, label, hint,
 * legend-like props given as strings). Scripts, styles, comments and `{expressions}` are skipped; what is left
 * must have no letters.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = join(import.meta.dirname, '../../..');
const ROOTS = ['src/routes/portal', 'src/lib/portal'];
/** Shared components: the portal renders them too (sign-in, form fields, states), except these, only the dashboard's. */
const SHARED = 'src/lib/components';
const DASHBOARD_ONLY = ['AuditList.svelte', 'Dialog.svelte', 'ImageViewer.svelte'];
/** The product's name, English in every language (marked lang="en" for screen readers). */
const ENGLISH_ON_PURPOSE = ['Brand.svelte'];
/** The root layout wraps every portal page (its skip link). */
const ROOT_LAYOUT = 'src/routes/+layout.svelte';
const USER_FACING_ATTRIBUTES = ['aria-label', 'placeholder', 'alt', 'title', 'label', 'hint', 'subtitle', 'message', 'aria-description'];

function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? svelteFiles(path) : path.endsWith('.svelte') ? [path] : [];
  });
}

/** Blanks every `{…}` (nested braces included), keeping line breaks so that line numbers stay right. */
function withoutExpressions(markup: string): string {
  let out = '';
  let depth = 0;
  for (const char of markup) {
    if (char === '{') depth++;
    out += depth > 0 && char !== '\n' ? ' ' : char;
    if (char === '}' && depth > 0) depth--;
  }
  return out;
}

const blank = (block: string) => block.replace(/[^\n]/g, ' ');

/** Markup text and user-facing attribute values written as literals, with their line numbers. */
export function literalText(source: string): string[] {
  const withExpressions = source
    .replace(/<script[\s\S]*?<\/script>/g, blank)
    .replace(/<style[\s\S]*?<\/style>/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank)
    // SVG drawings: their <text> is a file-type glyph (PDF/IMG), not a sentence.
    .replace(/<svg[\s\S]*?<\/svg>/g, blank);
  const markup = withoutExpressions(withExpressions);
  const found: string[] = [];
  // A sentence in quotes inside a markup expression ({busy ? 'Saving…' : …}): message keys have no spaces.
  for (const match of withExpressions.matchAll(/\{[^{}]*\}/g)) {
    for (const literal of match[0].matchAll(/(['"`])((?:(?!\1).)*)\1/g)) {
      if (/\p{L}/u.test(literal[2]!) && /\s|…/.test(literal[2]!)) found.push(`expression: ${literal[0]}`);
    }
  }
  const lineOf = (index: number) => markup.slice(0, index).split('\n').length;
  for (const attribute of USER_FACING_ATTRIBUTES) {
    for (const match of markup.matchAll(new RegExp(`\\s${attribute}="([^"]*)"`, 'g'))) {
      if (/\p{L}/u.test(match[1]!)) found.push(`line ${lineOf(match.index!)}: ${attribute}="${match[1]!.trim()}"`);
    }
  }
  // What is left outside the tags is text a person reads.
  const text = markup.replace(/<[^>]*>/g, blank).replace(/&[a-z]+;/g, ' ');
  for (const match of text.matchAll(/[^\s][^\n]*/g)) {
    if (/\p{L}/u.test(match[0])) found.push(`line ${lineOf(match.index!)}: ${match[0].trim()}`);
  }
  return found;
}

describe('portal components keep their words in the message files', () => {
  it('the scanner finds literal text in markup and in user-facing attributes (and not in expressions)', () => {
    expect(literalText('<p>Hello</p>')).toHaveLength(1);
    expect(literalText('<img alt="Card" src={url} />')).toHaveLength(1);
    expect(literalText('<button aria-label="Close">{t("x")}</button>')).toHaveLength(1);
    expect(literalText('<p>{t("home.title")}</p><span>{count}%</span>')).toEqual([]);
    expect(literalText("<button>{busy ? 'Saving…' : t('common.save')}</button>")).toHaveLength(1);
    expect(literalText('<script>const a = "<p>Hi</p>";</script><p>{a}</p>')).toEqual([]);
  });

  const shared = readdirSync(join(WEB, SHARED));
  const skipped = new Set([...DASHBOARD_ONLY, ...ENGLISH_ON_PURPOSE]);
  const files = [
    ...ROOTS.flatMap((root) => svelteFiles(join(WEB, root))),
    ...shared.filter((name) => name.endsWith('.svelte') && !skipped.has(name)).map((name) => join(WEB, SHARED, name)),
    join(WEB, ROOT_LAYOUT),
  ];
  it('there are portal components to scan', () => expect(files.length).toBeGreaterThan(10));
  it('every shared component left out still exists (a rename must not widen the exceptions unnoticed)', () =>
    expect([...skipped].filter((name) => !shared.includes(name))).toEqual([]));
  it.each(files.map((file) => [relative(WEB, file), file]))('%s has no literal user-facing text', (_name, file) => {
    expect(literalText(readFileSync(file, 'utf8'))).toEqual([]);
  });
});
