// A layered layout of a directed graph: each node one column right of its furthest caller; cycles are cut.

export function layeredLayout(nodes, edges) {
  const out = new Map(nodes.map((n) => [n, []]));
  for (const e of edges) out.get(e.from)?.push(e.to);
  const layer = new Map();
  const state = new Map(); // 1 visiting, 2 done
  const order = [];
  const visit = (start) => {
    const stack = [[start, 0]];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const next = out.get(top[0])[top[1]++];
      if (next === undefined) {
        state.set(top[0], 2);
        order.push(top[0]);
        stack.pop();
      } else if (!state.has(next)) {
        state.set(next, 1);
        stack.push([next, 0]);
      }
    }
  };
  for (const n of nodes) if (!state.has(n)) visit(n);
  const position = new Map(order.map((n, i) => [n, i]));
  // Reverse post-order is a topological order once back edges (to a later position) are ignored.
  for (const n of [...order].reverse()) {
    if (!layer.has(n)) layer.set(n, 0);
    for (const m of out.get(n)) {
      if (position.get(m) < position.get(n)) layer.set(m, Math.max(layer.get(m) ?? 0, layer.get(n) + 1));
    }
  }
  const columns = [];
  for (const n of nodes) (columns[layer.get(n)] ??= []).push(n);
  return { layer, columns: columns.filter(Boolean) };
}
