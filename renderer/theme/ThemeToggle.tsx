/** The toolbar's theme switch: cycles system → light → dark; its icon shows the choice. */
import { Monitor, Moon, Sun } from 'lucide-react';
import { cycleTheme, useTheme } from './theme.ts';

const LABEL = { system: 'Theme: follows the system', light: 'Theme: light', dark: 'Theme: dark' } as const;

/** An icon button; `data-theme-pref` carries the preference, `data-theme` the theme shown. */
export function ThemeToggle() {
  const { preference, resolved } = useTheme();
  const Icon = preference === 'system' ? Monitor : preference === 'light' ? Sun : Moon;
  return (
    <button type="button" className="icon-button" onClick={cycleTheme} data-testid="theme-toggle" data-theme-pref={preference} data-theme={resolved} aria-label={`${LABEL[preference]} (click to change)`} title={`${LABEL[preference]} — click to change`}>
      <Icon size={16} aria-hidden="true" />
    </button>
  );
}
