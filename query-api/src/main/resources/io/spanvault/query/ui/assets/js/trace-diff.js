// Two traces as a diff of their span trees: spans grouped by their path of service:operation from the root.

function pathGroups(model) {
  const groups = new Map();
  const keys = new Map();
  for (const span of model.spans) {
    const own = `${span.service}\u0000${span.name}`;
    const key = span.parent ? `${keys.get(span.parent)}\u0001${own}` : own;
    keys.set(span, key);
    const g = groups.get(key) ?? { key, depth: span.depth, service: span.service, name: span.name, count: 0, total: 0, errors: 0 };
    g.count++;
    g.total += span.duration;
    if (span.error) g.errors++;
    groups.set(key, g);
  }
  return groups;
}

/** Rows in tree order of A, with B's paths not in A inserted after their parent path. */
export function diffTraces(a, b) {
  const ga = pathGroups(a);
  const gb = pathGroups(b);
  const keys = [...ga.keys()];
  for (const key of gb.keys()) {
    if (ga.has(key)) continue;
    const parent = key.includes('\u0001') ? key.slice(0, key.lastIndexOf('\u0001')) : null;
    let at = parent === null ? keys.length : keys.indexOf(parent);
    if (at < 0) at = keys.length - 1;
    while (at + 1 < keys.length && keys[at + 1].startsWith(`${parent}\u0001`)) at++;
    keys.splice(at + 1, 0, key);
  }
  return keys.map((key) => {
    const x = ga.get(key);
    const y = gb.get(key);
    const info = x ?? y;
    return {
      key, depth: info.depth, service: info.service, name: info.name,
      a: x ? { count: x.count, avg: x.total / x.count, errors: x.errors } : null,
      b: y ? { count: y.count, avg: y.total / y.count, errors: y.errors } : null,
    };
  });
}
