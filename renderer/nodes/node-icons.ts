/**
 * The canvas icon of each node type. A spec names its icon (`spec.look.icon`, a lucide icon
 * name such as `file-input`, see lucide.dev); this map gives the component. Only the icons named
 * here are bundled. An unknown name falls back to `Box`; a renderer test checks that every
 * node type in the catalog names an icon of this map.
 */
import {
  ArrowLeftRight, Box, CalendarRange, Combine, CopyMinus, Cpu, Database, DatabaseZap, Eye, FileInput, FileOutput, Funnel, Gavel, KeyRound, Layers, Merge, RadioTower, Rows3, ScanSearch, Send, Sigma, Sparkles, Split, SquareFunction, Table2, Terminal, Timer,
  type LucideIcon,
} from 'lucide-react';

/** Icon components by lucide name. */
export const NODE_ICONS: Readonly<Record<string, LucideIcon>> = {
  'arrow-left-right': ArrowLeftRight,
  'calendar-range': CalendarRange,
  combine: Combine,
  'copy-minus': CopyMinus,
  cpu: Cpu,
  database: Database,
  'database-zap': DatabaseZap,
  eye: Eye,
  'file-input': FileInput,
  'file-output': FileOutput,
  filter: Funnel,
  gavel: Gavel,
  'key-round': KeyRound,
  layers: Layers,
  merge: Merge,
  'radio-tower': RadioTower,
  'rows-3': Rows3,
  'scan-search': ScanSearch,
  send: Send,
  sigma: Sigma,
  sparkles: Sparkles,
  split: Split,
  'function-square': SquareFunction,
  'table-2': Table2,
  terminal: Terminal,
  timer: Timer,
};

/** The icon component a spec's `look.icon` names (`Box` when unknown). */
export function nodeIcon(name: string | undefined): LucideIcon {
  return (name !== undefined ? NODE_ICONS[name] : undefined) ?? Box;
}
