import { versionConflict } from '../../shared/errors.ts';
import type { Actor, Settings, UpdateSettingsRequest } from '../../shared/schemas.ts';
import { auditPut } from './audit.ts';
import { ENTITY, keys, PRACTICE_PK } from './keys.ts';
import { getItem, TransactionConflict, transactWrite, versionedUpdate } from './table-io.ts';

/**
 * What a practice gets before anyone saves its settings: insurance collected, card images optional.
 * Version 0 means "never saved"; the first save must send it.
 */
export const DEFAULT_SETTINGS: Settings = { collectInsurance: true, cardImages: 'optional', version: 0 };

export async function getSettings(): Promise<Settings> {
  const item = await getItem<Settings>(keys.settings());
  if (!item) return DEFAULT_SETTINGS;
  return { collectInsurance: item.collectInsurance, cardImages: item.cardImages, version: item.version };
}

export async function updateSettings(request: UpdateSettingsRequest, actor: Actor, now: string): Promise<Settings> {
  const before = await getSettings();
  if (before.version !== request.version) throw versionConflict('The practice settings');
  const after: Settings = { collectInsurance: request.collectInsurance, cardImages: request.cardImages, version: request.version + 1 };
  try {
    await transactWrite([
      versionedUpdate(
        keys.settings(),
        { itemType: ENTITY.settings, collectInsurance: after.collectInsurance, cardImages: after.cardImages, updatedAt: now },
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
    ]);
  } catch (error) {
    if (error instanceof TransactionConflict) throw versionConflict('The practice settings');
    throw error;
  }
  return after;
}

function strip({ version: _version, ...rest }: Settings): Record<string, unknown> {
  return rest;
}
