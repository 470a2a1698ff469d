/** Number of nested `act` objects, `act` itself included (0 when absent); stops counting at 64. */
export function actDepth(act: unknown): number {
  let depth = 0;
  let link = act;
  while (link !== null && typeof link === 'object' && !Array.isArray(link) && depth < 64) {
    depth += 1;
    link = (link as Record<string, unknown>)['act'];
  }
  return depth;
}
