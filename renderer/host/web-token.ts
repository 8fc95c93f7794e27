/**
 * The web host's access token on the page (`npm run web` prints `http://127.0.0.1:PORT/?token=…`).
 * On load the token is taken from the URL, kept in `sessionStorage` (this tab only, gone when it
 * closes) so a reload still connects, and removed from the visible URL with
 * `history.replaceState`, so it is not copied along with the address, kept in the history or sent
 * as a referrer. The WebSocket presents it as a subprotocol (`engine/host/web-auth.ts`).
 */

/** sessionStorage key of the token. */
export const TOKEN_STORAGE_KEY = 'tributary.webToken';

/** What `takeToken` touches of the page; the real `window` by default (tests pass their own). */
export interface TokenPage {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
}

/**
 * The token for this tab: from the URL's `token` parameter (then stored and removed from the
 * URL, other parameters and the hash kept), else the one stored by an earlier load of this tab.
 * @returns `undefined` when the page was opened without one.
 */
export function takeToken(page: TokenPage = window): string | undefined {
  const url = new URL(page.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null && fromUrl !== '') {
    try {
      page.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // storage disabled: the token lives in memory until the tab is reloaded
    }
    url.searchParams.delete('token');
    page.history.replaceState(page.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return page.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
