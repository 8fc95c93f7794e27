/**
 * Transient messages ("Exported to exports/late-arrivals · Copy path"). A toast has a kind, a
 * text, optional detail lines and at most one action; info and success toasts leave by
 * themselves after `TOAST_MS`, errors stay until dismissed (the user must be able to read
 * every problem). A toast with a `key` replaces the earlier one with the same key, so the
 * "Exporting…" toast becomes its outcome.
 */
import { create } from 'zustand';

/** How long info and success toasts stay, in milliseconds. */
export const TOAST_MS = 8000;

export interface ToastAction {
  label: string;
  run(): void;
}

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error' | 'progress';
  text: string;
  /** Lines under the text (problems of a refused export…). */
  detail?: string;
  action?: ToastAction;
  /** Toasts sharing a key replace each other. */
  key?: string;
  /** Test id of the toast element. */
  testId?: string;
}

export const useToasts = create<{ toasts: Toast[] }>()(() => ({ toasts: [] }));

let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

/** Removes a toast (no-op when already gone). */
export function dismissToast(id: number): void {
  const timer = timers.get(id);
  if (timer) clearTimeout(timer);
  timers.delete(id);
  useToasts.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

/** Removes the toast with `key`, if any. */
export function dismissToastByKey(key: string): void {
  for (const t of useToasts.getState().toasts) if (t.key === key) dismissToast(t.id);
}

/** Shows a toast and returns its id; errors and progress toasts stay until dismissed or replaced. */
export function showToast(toast: Omit<Toast, 'id'>): number {
  if (toast.key !== undefined) dismissToastByKey(toast.key);
  const id = nextId++;
  useToasts.setState((s) => ({ toasts: [...s.toasts.slice(-4), { ...toast, id }] }));
  if (toast.kind === 'info' || toast.kind === 'success') timers.set(id, setTimeout(() => dismissToast(id), TOAST_MS));
  return id;
}

