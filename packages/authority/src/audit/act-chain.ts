/** The `sub` of every link of an `act` chain, outermost first (`"(unnamed)"` for a link without one). */
export function actChain(act: unknown): string[] {
  const chain: string[] = [];
  let link = act;
  while (link !== null && typeof link === 'object' && !Array.isArray(link) && chain.length < 64) {
    const sub = (link as Record<string, unknown>)['sub'];
    chain.push(typeof sub === 'string' ? sub : '(unnamed)');
    link = (link as Record<string, unknown>)['act'];
  }
  return chain;
}
