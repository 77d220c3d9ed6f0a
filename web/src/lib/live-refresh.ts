/**
 * Keeps an open page current without a reload: `refresh` runs when the tab regains focus or becomes visible,
 * and every `intervalMs` while it is visible (a hidden tab asks nothing). A run still in flight is not started
 * twice. Returns the cleanup for onMount.
 */
export function refreshWhileOpen(refresh: () => Promise<unknown>, intervalMs = 30_000): () => void {
  let running = false;
  const run = () => {
    if (running || document.visibilityState !== 'visible') return;
    running = true;
    refresh()
      .catch(() => undefined) // the page shows its own errors; a background refresh stays quiet
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(run, intervalMs);
  window.addEventListener('focus', run);
  document.addEventListener('visibilitychange', run);
  return () => {
    clearInterval(timer);
    window.removeEventListener('focus', run);
    document.removeEventListener('visibilitychange', run);
  };
}
