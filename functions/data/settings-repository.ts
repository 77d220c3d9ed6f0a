import { versionConflict } from '../../shared/errors.ts';
import { DEFAULT_PRACTICE_TIME_ZONE } from '../../shared/practice-today.ts';
import type { Actor, PracticeProfile, Settings, UpdateSettingsRequest } from '../../shared/schemas.ts';
import { auditPut } from './audit.ts';
import { ENTITY, keys, PRACTICE_PK } from './keys.ts';
import { getItem, transactWrite, versionedUpdate, type TransactItem } from './table-io.ts';

/**
 * What a practice gets before anyone saves its settings: insurance collected, card images optional.
 * Version 0 means "never saved"; the first save must send it.
 */
export const DEFAULT_PRACTICE: PracticeProfile = {
  name: 'Your practice',
  phone: null,
  email: null,
  address: null,
  timeZone: DEFAULT_PRACTICE_TIME_ZONE,
};

export const DEFAULT_SETTINGS: Settings = {
  collectInsurance: true,
  cardImages: 'optional',
  practice: DEFAULT_PRACTICE,
  billing: null,
  version: 0,
};

export async function getSettings(): Promise<Settings> {
  const item = await getItem<Settings>(keys.settings());
  if (!item) return DEFAULT_SETTINGS;
  return {
    collectInsurance: item.collectInsurance,
    cardImages: item.cardImages,
    practice: item.practice ?? DEFAULT_PRACTICE,
    billing: item.billing ?? null,
    version: item.version,
  };
}

/**
 * A condition for a write that may only happen while the practice collects insurance — in place of reading the
 * settings first. Settings never saved collect insurance (DEFAULT_SETTINGS), so a missing item passes.
 */
export function whilePracticeCollectsInsurance(refused: () => Error): TransactItem {
  return {
    ConditionCheck: {
      Key: keys.settings(),
      ConditionExpression: 'attribute_not_exists(pk) OR collectInsurance = :collects',
      ExpressionAttributeValues: { ':collects': true },
    },
    onConditionFailed: refused,
  };
}

/**
 * What read paths show about the practice and may see a minute late: its IANA time zone (none saved means
 * America/New_York), for "today", and whether it collects insurance, for the client list's column. Remembered
 * for a minute per container: every read path needs the zone and the list needs the default on every page, both
 * change perhaps a few times in a practice's life, and a day boundary or a list column seen a minute late harms
 * nobody (the chart, the portal and every write read the settings fresh). A save in this container forgets it.
 */
export interface PracticeAtAGlance {
  timeZone: string;
  collectInsurance: boolean;
}
const AT_A_GLANCE_CACHE_MS = 60_000;
/** The read in flight or done: callers at the same moment (the list's default and its "today") share one GetItem. */
let cachedAtAGlance: { value: Promise<PracticeAtAGlance>; until: number } | undefined;

export function getPracticeAtAGlance(nowMs = Date.now()): Promise<PracticeAtAGlance> {
  if (cachedAtAGlance && cachedAtAGlance.until > nowMs) return cachedAtAGlance.value;
  const value = readPracticeAtAGlance();
  const entry = { value, until: nowMs + AT_A_GLANCE_CACHE_MS };
  cachedAtAGlance = entry;
  // A failed read is not remembered: the next request tries again.
  value.catch(() => {
    if (cachedAtAGlance === entry) cachedAtAGlance = undefined;
  });
  return value;
}

async function readPracticeAtAGlance(): Promise<PracticeAtAGlance> {
  const item = await getItem<{ practice?: { timeZone?: unknown }; collectInsurance?: unknown }>(keys.settings(), false);
  const zone = item?.practice?.timeZone;
  return {
    timeZone: typeof zone === 'string' && zone ? zone : DEFAULT_PRACTICE_TIME_ZONE,
    collectInsurance: typeof item?.collectInsurance === 'boolean' ? item.collectInsurance : DEFAULT_SETTINGS.collectInsurance,
  };
}

export async function getPracticeTimeZone(nowMs = Date.now()): Promise<string> {
  return (await getPracticeAtAGlance(nowMs)).timeZone;
}

export async function updateSettings(request: UpdateSettingsRequest, actor: Actor, now: string): Promise<Settings> {
  const before = await getSettings();
  if (before.version !== request.version) throw versionConflict('The practice settings');
  // An omitted billing profile or practice profile is left as it is; a null billing profile removes it.
  const billing = request.billing === undefined ? before.billing : request.billing;
  const after: Settings = {
    collectInsurance: request.collectInsurance,
    cardImages: request.cardImages,
    practice: request.practice ?? before.practice,
    billing,
    version: request.version + 1,
  };
  await transactWrite(
    [
      versionedUpdate(
        keys.settings(),
        {
          itemType: ENTITY.settings,
          collectInsurance: after.collectInsurance,
          cardImages: after.cardImages,
          practice: after.practice,
          billing,
          updatedAt: now,
        },
        request.version,
      ),
      auditPut({
        scopePk: PRACTICE_PK,
        actor,
        action: 'settings.updated',
        entity: { type: 'settings', id: 'practice' },
        before: strip(before),
        after: strip(after),
        at: now,
      }),
    ],
    { otherwise: () => versionConflict('The practice settings') },
  );
  cachedAtAGlance = undefined;
  return after;
}

function strip({ version: _version, ...rest }: Settings): Record<string, unknown> {
  return rest;
}
