export const NODE_DRAG_TYPE = 'application/x-tributary-node';
