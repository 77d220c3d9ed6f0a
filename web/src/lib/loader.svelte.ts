/**
 * A page's (or panel's) data load, as pages compose it: `const page = new Loader(async () => { items = … })`,
 * `onMount(page.load)`, and `<Loaded loader={page} label="Loading…">…</Loaded>` around what it shows. The
 * rules for a failure are `failedLoadState` (loading.ts); this holds the state and the message.
 */
import { tick, untrack } from 'svelte';
import { isSessionEnded, messageOf } from './api';
import { failedLoadState, type LoadRules, type LoadState } from './loading';

export interface LoaderOptions extends LoadRules {
  /** Reload without the spinner while this is true (the page already shows data: a refresh after a save). */
  quiet?: () => boolean;
  /** After every successful load, once the page shows it (focus a field, open what a link asked for). */
  onready?: () => void;
}

export class Loader {
  state = $state<LoadState>('loading');
  error = $state('');
  readonly #task: () => Promise<void>;
  readonly #options: LoaderOptions;

  constructor(task: () => Promise<void>, options: LoaderOptions = {}) {
    this.#task = task;
    this.#options = options;
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  /**
   * Runs the load (again). Bound, so it can be handed to onMount or a retry button as it is. Nothing it reads is
   * tracked: an effect that calls it re-runs only for what the effect itself reads.
   */
  load = async (): Promise<void> => {
    if (!untrack(() => this.#options.quiet?.() && this.state === 'ready')) this.state = 'loading';
    try {
      await untrack(() => this.#task());
      this.state = 'ready';
      if (this.#options.onready) {
        await tick();
        untrack(() => this.#options.onready!());
      }
    } catch (error) {
      const next = failedLoadState(error, this.#options, isSessionEnded);
      if (!next) return;
      this.error = messageOf(error);
      this.state = next;
    }
  };
}
