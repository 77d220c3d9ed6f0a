/**
 * Asks before unsaved changes are thrown away: leaving the page inside the app (a link, the back button) asks
 * with a confirmation, and closing or reloading the tab triggers the browser's own "leave site?" prompt.
 * Call from a component's script; `isDirty` is read at the moment of leaving.
 */
import { beforeNavigate } from '$app/navigation';
import { onMount } from 'svelte';

export const UNSAVED_CHANGES_QUESTION = 'You have unsaved changes. Leave without saving them?';

export function guardUnsavedChanges(isDirty: () => boolean): void {
  beforeNavigate((navigation) => {
    // A reload or closing the tab is the browser's to ask about (beforeunload below).
    if (navigation.type === 'leave' || !isDirty()) return;
    if (!confirm(UNSAVED_CHANGES_QUESTION)) navigation.cancel();
  });
  onMount(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!isDirty()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  });
}
