/**
 * Inline SVG icons of the run controls. The media-control characters (⏸ ⏹ ⏵) come from emoji
 * fonts, which a plain Linux Chromium lacks: they rendered as empty boxes.
 */
import type { ReactElement } from 'react';

function Icon({ name, children }: { name: string; children: ReactElement | ReactElement[] }) {
  return (
    <svg className="run-icon" data-icon={name} viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const PlayIcon = () => (
  <Icon name="play">
    <path d="M3 1.5v9l7.5-4.5z" fill="currentColor" />
  </Icon>
);

export const PauseIcon = () => (
  <Icon name="pause">
    <rect x="2.5" y="1.5" width="2.5" height="9" fill="currentColor" />
    <rect x="7" y="1.5" width="2.5" height="9" fill="currentColor" />
  </Icon>
);

export const StopIcon = () => (
  <Icon name="stop">
    <rect x="2" y="2" width="8" height="8" fill="currentColor" />
  </Icon>
);
