/**
 * IPC channel names. Every channel starts with one prefix, and the preload accepts no other
 * (as VS Code's preload does); feature code uses these constants, never string literals.
 */
export const CHANNEL_PREFIX = 'tributary:';

export const CHANNELS = {
  /** main → renderer: the MessagePort to the engine host process. */
  hostPort: 'tributary:host-port',
  /** main → renderer: a native menu action. */
  menu: 'tributary:menu',
  openFile: 'tributary:shell:open-file',
  openRecent: 'tributary:shell:open-recent',
  saveFile: 'tributary:shell:save-file',
  saveFileAs: 'tributary:shell:save-file-as',
  setTitle: 'tributary:shell:set-title',
} as const;

export type ShellChannel = (typeof CHANNELS)[Exclude<keyof typeof CHANNELS, 'hostPort' | 'menu'>];
