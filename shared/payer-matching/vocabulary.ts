/**
 * Word lists the payer matcher reasons with. They describe how people write US health-insurer names in
 * general (abbreviations, state names, plan-type words, generic filler), never particular practice payers, so
 * that matching generalises to names nobody has typed yet.
 */

/** Postal code → state name, the 50 states, DC and Puerto Rico (clients in PR have US plans too). */
export const US_STATES: Readonly<Record<string, string>> = Object.freeze({
  al: 'alabama',
  ak: 'alaska',
  az: 'arizona',
  ar: 'arkansas',
  ca: 'california',
  co: 'colorado',
  ct: 'connecticut',
  de: 'delaware',
  fl: 'florida',
  ga: 'georgia',
  hi: 'hawaii',
  id: 'idaho',
  il: 'illinois',
  in: 'indiana',
  ia: 'iowa',
  ks: 'kansas',
  ky: 'kentucky',
  la: 'louisiana',
  me: 'maine',
  md: 'maryland',
  ma: 'massachusetts',
  mi: 'michigan',
  mn: 'minnesota',
  ms: 'mississippi',
  mo: 'missouri',
  mt: 'montana',
  ne: 'nebraska',
  nv: 'nevada',
  nh: 'new hampshire',
  nj: 'new jersey',
  nm: 'new mexico',
  ny: 'new york',
  nc: 'north carolina',
  nd: 'north dakota',
  oh: 'ohio',
  ok: 'oklahoma',
  or: 'oregon',
  pa: 'pennsylvania',
  ri: 'rhode island',
  sc: 'south carolina',
  sd: 'south dakota',
  tn: 'tennessee',
  tx: 'texas',
  ut: 'utah',
  vt: 'vermont',
  va: 'virginia',
  wa: 'washington',
  wv: 'west virginia',
  wi: 'wisconsin',
  wy: 'wyoming',
  dc: 'district of columbia',
  pr: 'puerto rico',
});

/** Other spellings people use for a state besides its name and postal code ("D.C." arrives as "dc"). */
export const STATE_NAME_VARIANTS: Readonly<Record<string, string>> = Object.freeze({
  calif: 'ca',
  'washington dc': 'dc',
});

/**
 * Postal codes that are also everyday words or common name parts ("in", "or", "me", Spanish "de"/"la").
 * They count as a state only at the end of a name, where "Blue Cross of IN" or "Aetna OR PPO" put them.
 */
export const AMBIGUOUS_STATE_CODES: ReadonlySet<string> = new Set([
  'in',
  'or',
  'me',
  'oh',
  'hi',
  'ok',
  'de',
  'la',
  'al',
  'co',
  'id',
  'pa',
  'ma',
  'mo',
  'mi',
  'ms',
  'ne',
]);

/**
 * Abbreviations clients and payer lists use, expanded before comparison. Applied to payer names too, so "BCBS
 * of Texas" and "Blue Cross Blue Shield of TX" meet in the middle. Compound spellings are split for the same
 * reason ("BlueCross" ↔ "Blue Cross"). Only the Blue Cross Blue Shield family, UnitedHealthcare and Kaiser
 * Permanente have brand abbreviations common enough to list.
 */
export const ABBREVIATIONS: Readonly<Record<string, string>> = Object.freeze({
  bcbs: 'blue cross blue shield',
  bcbsa: 'blue cross blue shield association',
  bc: 'blue cross',
  bs: 'blue shield',
  bluecross: 'blue cross',
  blueshield: 'blue shield',
  bluecrossblueshield: 'blue cross blue shield',
  uhc: 'united healthcare',
  kp: 'kaiser permanente',
  fep: 'federal employee program',
  hp: 'health plan',
  hc: 'health care',
  healthcare: 'health care',
  healthplan: 'health plan',
  hlth: 'health',
  bh: 'behavioral health',
  behavioural: 'behavioral',
  ins: 'insurance',
  insur: 'insurance',
  med: 'medical',
  mut: 'mutual',
  natl: 'national',
  assn: 'association',
  assoc: 'association',
  svc: 'services',
  svcs: 'services',
  grp: 'group',
  mgmt: 'management',
  ntwk: 'network',
  amer: 'american',
  mcd: 'medicaid',
  mcr: 'medicare',
});

/**
 * Words that say "this is an insurer" without saying which one. They still count when they match, but weigh
 * little, so "Cigna Health Care" stays close to "Cigna" and "Bright Health" stays far from "Oscar Health".
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([
  'health',
  'care',
  'plan',
  'plans',
  'insurance',
  'insurer',
  'assurance',
  'benefit',
  'benefits',
  'of',
  'the',
  'and',
  'for',
  'by',
  'a',
  'an',
  'services',
  'service',
  'group',
  'network',
  'coverage',
  'company',
  'inc',
  'llc',
  'corp',
  'corporation',
  'program',
  'programs',
  'administrators',
  'administrator',
  'solutions',
  'management',
  'association',
  'usa',
  'us',
  'america',
  'national',
  'healthplan',
  'medical',
  'community',
  'foundation',
  'trust',
  'fund',
  'welfare',
  'life',
  'strategies',
  'systems',
  'cms',
  'region',
  'regional',
]);

/**
 * Product and plan-type words appended to a payer name ("Aetna PPO", "Cigna Open Access Plus", "UHC Choice
 * Plus", "Medicare Part B"). They describe a plan of the payer, not the payer, so they weigh least of all.
 */
export const PLAN_WORDS: ReadonlySet<string> = new Set([
  'ppo',
  'hmo',
  'epo',
  'pos',
  'hdhp',
  'hsa',
  'hra',
  'fsa',
  'oap',
  'pffs',
  'snp',
  'dsnp',
  'ppn',
  'open',
  'access',
  'plus',
  'choice',
  'select',
  'advantage',
  'premier',
  'preferred',
  'gold',
  'silver',
  'bronze',
  'platinum',
  'basic',
  'standard',
  'part',
  'ii',
  'iii',
  'iv',
  'core',
  'value',
  'essential',
  'essentials',
  'elite',
  'classic',
  'navigate',
  'nexus',
  'compass',
  'charter',
  'options',
  'option',
  'local',
  'traditional',
  'original',
  'supplement',
  'supplemental',
  'medigap',
  'individual',
  'family',
  'employer',
  'commercial',
  'exchange',
  'marketplace',
  'managed',
  'savings',
  'saver',
  'connect',
  'complete',
  'primary',
  'secondary',
  'dental',
  'vision',
  'behavioral',
  'mental',
  'tier',
  'level',
  'high',
  'deductible',
  'low',
  'deductable',
  'copay',
  'member',
  'members',
  'card',
  'policy',
  'employee',
  'employees',
  'federal',
  'prime',
  'student',
  'public',
  'rx',
  'pharmacy',
]);

/**
 * Words shared by the Blue Cross Blue Shield licensees: they place a name in that family but do not pick a
 * payer out of it, which is what the licensee's own word ("Horizon", "Premera") or its state does.
 */
export const FAMILY_WORDS: ReadonlySet<string> = new Set(['blue', 'cross', 'shield']);

/**
 * Regions within a payer's name ("TRICARE West", "Kaiser Permanente Northern California"): they separate
 * regional plans of one payer, which a client often leaves out, so they weigh like a family word.
 */
export const REGION_WORDS: ReadonlySet<string> = new Set([
  'north',
  'south',
  'east',
  'west',
  'northern',
  'southern',
  'eastern',
  'western',
  'central',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
  'midwest',
  'mid',
  'upstate',
  'downstate',
]);

/**
 * Payer words that, followed by one of these, name a kind of plan sold by private payers rather than the
 * payer itself: "Humana Medicare Advantage" is billed to Humana, not to Medicare.
 */
export const PLAN_PHRASES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  medicare: ['advantage', 'replacement'],
});
