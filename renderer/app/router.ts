import { useSyncExternalStore } from 'react';

/**
 * Hash routes (#/about): they never reach the server, survive a reload, and work the same from
 * Electron's app:// protocol and from the web server without any server-side fallback.
 */
export function parseRoute(hash: string): string {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return decodeURIComponent(id);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** What `parse` reads from the address's hash, read again whenever the hash changes. */
export function useHashRoute<T>(parse: (hash: string) => T): T {
  return useSyncExternalStore(subscribe, () => parse(window.location.hash));
}

export function useRoute(): string {
  return useHashRoute(parseRoute);
}

/** A route with parameters: hrefFor('processes', { sort: 'cpu' }) → "#/processes?sort=cpu". */
export function hrefFor(id: string, params?: Record<string, string>): string {
  // Colons may stand unescaped in a fragment: times in the address ("at=2026-12-05T10:31:00.000Z") stay readable.
  const query = params ? new URLSearchParams(params).toString().replace(/%3A/gi, ':') : '';
  return `#/${encodeURIComponent(id)}${query ? `?${query}` : ''}`;
}

/** The parameters after "?" in a hash route ("#/processes?sort=rss" → sort=rss). */
export function routeParams(hash: string): URLSearchParams {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}
