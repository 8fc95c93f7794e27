/**
 * The zone the Output panel shows timestamps in, remembered in localStorage
 * (`tributary.timezone`): `UTC` by default, as event time is, or the machine's own zone.
 */
import { create } from 'zustand';
import type { TimeZoneChoice } from './record-model.ts';

const KEY = 'tributary.timezone';

function stored(): TimeZoneChoice {
  try {
    return localStorage.getItem(KEY) === 'local' ? 'local' : 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The current choice. */
export const useTimeZone = create<{ zone: TimeZoneChoice }>()(() => ({ zone: stored() }));

/** Sets and remembers the zone. */
export function setTimeZone(zone: TimeZoneChoice): void {
  try {
    localStorage.setItem(KEY, zone);
  } catch {
    // storage unavailable: the choice lasts for this page only
  }
  useTimeZone.setState({ zone });
}

/** The machine's zone name (`Europe/Paris`), for the select's label. */
export function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local';
}
