/** The id of the canvas edge under a screen point (its wide, invisible interaction stroke counts). */
export function edgeAtPoint(x: number, y: number): string | undefined {
  for (const element of document.elementsFromPoint(x, y)) {
    const edge = element.closest('.react-flow__edge');
    const id = edge?.getAttribute('data-id');
    if (id) return id;
  }
  return undefined;
}
