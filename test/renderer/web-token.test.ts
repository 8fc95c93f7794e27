// The page's side of the web host's token (renderer/host/web-token.ts): taken from the URL once,
// kept in this tab's sessionStorage for reloads, and removed from the visible address.
import { describe, expect, it } from 'vitest';
import { takeToken, TOKEN_STORAGE_KEY, type TokenPage } from '../../renderer/host/web-token.ts';
import { protocolsFor, tokenFromProtocolHeader, TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../../engine/host/web-auth.ts';

function page(href: string, stored: Record<string, string> = {}): TokenPage & { replaced: string[]; store: Map<string, string> } {
  const store = new Map(Object.entries(stored));
  const replaced: string[] = [];
  const location = { href };
  return {
    location,
    history: {
      state: { n: 1 },
      replaceState: (_state: unknown, _unused: string, url?: string | URL | null) => {
        replaced.push(String(url));
        location.href = new URL(String(url), location.href).href;
      },
    },
    sessionStorage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
    replaced,
    store,
  };
}

describe('the page token', () => {
  it('is taken from the URL, stored for this tab and removed from the address (other parameters and the hash kept)', () => {
    const p = page('http://127.0.0.1:5173/?a=1&token=abcDEF_-0123456789abcdefgh&b=2#x');
    expect(takeToken(p)).toBe('abcDEF_-0123456789abcdefgh');
    expect(p.store.get(TOKEN_STORAGE_KEY)).toBe('abcDEF_-0123456789abcdefgh');
    expect(p.replaced).toEqual(['/?a=1&b=2#x']);
    expect(p.location.href).not.toContain('token');
  });

  it('survives a reload through sessionStorage', () => {
    const p = page('http://127.0.0.1:5173/?token=first-token-0123456789abcd');
    takeToken(p);
    p.location.href = 'http://127.0.0.1:5173/';
    expect(takeToken(p)).toBe('first-token-0123456789abcd');
    expect(p.replaced).toHaveLength(1);
  });

  it('prefers a new token in the URL (the host was restarted) and is absent when never given', () => {
    const p = page('http://127.0.0.1:5173/?token=new-token-0123456789abcdef', { [TOKEN_STORAGE_KEY]: 'old-token-0123456789abcdef' });
    expect(takeToken(p)).toBe('new-token-0123456789abcdef');
    expect(p.store.get(TOKEN_STORAGE_KEY)).toBe('new-token-0123456789abcdef');
    expect(takeToken(page('http://127.0.0.1:5173/'))).toBeUndefined();
  });

  it('goes to the server as a subprotocol, read back from the header the browser sends', () => {
    expect(protocolsFor('tok-0123456789abcdefghijk')).toEqual([WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}tok-0123456789abcdefghijk`]);
    expect(tokenFromProtocolHeader(protocolsFor('tok-0123456789abcdefghijk').join(', '))).toBe('tok-0123456789abcdefghijk');
    expect(tokenFromProtocolHeader(WS_PROTOCOL)).toBeUndefined();
    expect(tokenFromProtocolHeader(undefined)).toBeUndefined();
    expect(tokenFromProtocolHeader(`${TOKEN_PROTOCOL_PREFIX}a, ${TOKEN_PROTOCOL_PREFIX}b`)).toBeUndefined();
  });
});
