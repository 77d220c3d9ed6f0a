/**
 * Drafts kept across an ended session: bound to their owner, and gone at sign-out. sessionStorage is the browser's;
 * here a small in-memory Storage stands in for it (the unit project runs in Node).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearAllDrafts, clearDraft, hasDrafts, readDraft, saveDraft } from './drafts';

class MemoryStorage {
  private items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
  keys = () => [...this.items.keys()];
}

describe('drafts kept in the tab', () => {
  let store: MemoryStorage;
  beforeEach(() => {
    store = new MemoryStorage();
    // Object.keys(sessionStorage) lists the stored keys in a browser; the proxy gives the stand-in the same shape.
    const proxy = new Proxy(store, {
      ownKeys: () => store.keys(),
      getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
    });
    (globalThis as { sessionStorage?: unknown }).sessionStorage = proxy;
  });
  afterEach(() => delete (globalThis as { sessionStorage?: unknown }).sessionStorage);

  it('answers only its owner, and says whether the tab keeps any work', () => {
    expect(hasDrafts()).toBe(false);
    saveDraft('policy-form', 'user-a', { memberId: 'W1' });
    expect(hasDrafts()).toBe(true);
    expect(readDraft('policy-form', 'user-a')).toEqual({ memberId: 'W1' });
    expect(readDraft('policy-form', 'user-b')).toBeNull();
    clearDraft('policy-form');
    expect(hasDrafts()).toBe(false);
  });

  it('sign-out wipes every draft and leaves other keys alone', () => {
    saveDraft('one', 'user-a', 1);
    saveDraft('two', 'user-a', 2);
    store.setItem('session', 'tokens');
    clearAllDrafts();
    expect(hasDrafts()).toBe(false);
    expect(store.getItem('session')).toBe('tokens');
  });
});
