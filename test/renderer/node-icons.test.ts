/**
 * Every node type of the catalog names a lucide icon (`spec.look.icon`) that the studio's icon
 * map bundles, so no node falls back to the generic box; and the theme preference resolves as
 * `prefers-color-scheme` says.
 */
import { describe, expect, it } from 'vitest';
import { Box } from 'lucide-react';
import { NODE_TYPE_IDS, NODE_TYPES } from '../../engine/nodes/catalog.ts';
import { NODE_ICONS, nodeIcon } from '../../renderer/nodes/node-icons.ts';
import { resolveTheme } from '../../renderer/theme/theme.ts';

describe('node icons', () => {
  it.each(NODE_TYPE_IDS)('%s names an icon of the map', (type) => {
    const name = NODE_TYPES[type].look.icon;
    expect(Object.keys(NODE_ICONS), `${type}: ${name}`).toContain(name);
    expect(nodeIcon(name)).not.toBe(Box);
  });

  it('falls back to Box for an unknown name', () => {
    expect(nodeIcon('no-such-icon')).toBe(Box);
    expect(nodeIcon(undefined)).toBe(Box);
  });
});

describe('theme preference', () => {
  it('follows the OS for "system" and is fixed otherwise', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
