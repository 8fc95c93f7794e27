/**
 * The studio's colour theme: `system` follows the OS (`prefers-color-scheme`), `light` and
 * `dark` are fixed. The choice is remembered in localStorage (`tributary.theme`); the resolved
 * theme is written to `<html data-theme>`, where `tokens.css` picks the colour tokens, and to
 * `color-scheme` so native controls and scrollbars match.
 */
import { create } from 'zustand';

/** What the user chose. */
export type ThemePreference = 'system' | 'light' | 'dark';
/** What is shown. */
export type ResolvedTheme = 'light' | 'dark';

const KEY = 'tributary.theme';
const ORDER: ThemePreference[] = ['system', 'light', 'dark'];

function stored(): ThemePreference {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' || v === 'system' ? v : 'system';
  } catch {
    return 'system';
  }
}

function osDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

/** The theme shown for a preference, given whether the OS asks for dark. */
export function resolveTheme(preference: ThemePreference, systemDark: boolean): ResolvedTheme {
  return preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;
}

interface ThemeState {
  preference: ThemePreference;
  resolved: ResolvedTheme;
}

/** The current preference and resolved theme. */
export const useTheme = create<ThemeState>()(() => {
  const preference = stored();
  return { preference, resolved: resolveTheme(preference, osDark()) };
});

function apply(): void {
  const resolved = resolveTheme(useTheme.getState().preference, osDark());
  if (useTheme.getState().resolved !== resolved) useTheme.setState({ resolved });
  document.documentElement.dataset.theme = resolved;
  document.documentElement.style.colorScheme = resolved;
}

/** Sets and remembers the preference. */
export function setThemePreference(preference: ThemePreference): void {
  try {
    localStorage.setItem(KEY, preference);
  } catch {
    // storage unavailable (private mode): the choice lasts for this page only
  }
  useTheme.setState({ preference });
  apply();
}

/** system → light → dark → system. */
export function cycleTheme(): void {
  const i = ORDER.indexOf(useTheme.getState().preference);
  setThemePreference(ORDER[(i + 1) % ORDER.length] ?? 'system');
}

/** Applies the theme now and follows OS changes; call once at start-up. */
export function installTheme(): void {
  apply();
  if (typeof matchMedia === 'function') matchMedia('(prefers-color-scheme: dark)').addEventListener('change', apply);
}

/** Monaco's built-in theme for the resolved theme. */
export function useMonacoTheme(): 'vs' | 'vs-dark' {
  return useTheme((s) => (s.resolved === 'dark' ? 'vs-dark' : 'vs'));
}
