/**
 * Icons of the run controls, from the studio's icon set (lucide). Inline SVG: the media-control
 * characters (⏸ ⏹ ⏵) come from emoji fonts, which a plain Linux Chromium lacks (they rendered
 * as empty boxes). `data-icon` names each one for tests.
 */
import { Pause, Play, Square } from 'lucide-react';

const props = { size: 14, className: 'run-icon', 'aria-hidden': true, focusable: false } as const;

/** ▶ */
export const PlayIcon = () => <Play {...props} data-icon="play" fill="currentColor" />;
/** ⏸ */
export const PauseIcon = () => <Pause {...props} data-icon="pause" fill="currentColor" />;
/** ⏹ */
export const StopIcon = () => <Square {...props} data-icon="stop" fill="currentColor" />;
