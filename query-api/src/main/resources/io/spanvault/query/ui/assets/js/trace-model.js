// A Jaeger trace as a span tree: parents, children in start order, depth, errors, the critical path.

function tagValue(tags, key) {
  return tags.find((t) => t.key === key)?.value;
}

export function isErrorSpan(span) {
  return span.tags.some((t) => (t.key === 'error' && (t.value === true || t.value === 'true'))
      || (t.key === 'otel.status_code' && t.value === 'ERROR'));
}

/** Builds the model of one trace of /api/traces/{id} (Jaeger UI JSON). */
export function buildTrace(raw) {
  const byId = new Map();
  const spans = raw.spans.map((s) => {
    const process = raw.processes[s.processID] ?? { serviceName: 'unknown', tags: [] };
    const span = {
      raw: s,
      id: s.spanID,
      traceId: s.traceID,
      name: s.operationName,
      service: process.serviceName,
      process,
      start: s.startTime,
      duration: s.duration,
      end: s.startTime + s.duration,
      tags: s.tags ?? [],
      logs: s.logs ?? [],
      references: s.references ?? [],
      kind: tagValue(s.tags ?? [], 'span.kind') ?? 'internal',
      children: [],
      parent: null,
      depth: 0,
      critical: false,
    };
    span.error = isErrorSpan(span);
    byId.set(span.id, span);
    return span;
  });
  const roots = [];
  for (const span of spans) {
    const ref = span.references.find((r) => r.refType === 'CHILD_OF' && r.traceID === span.traceId);
    const parent = ref && byId.get(ref.spanID);
    if (parent && parent !== span) {
      span.parent = parent;
      parent.children.push(span);
    } else {
      roots.push(span);
    }
  }
  const byStart = (a, b) => a.start - b.start || a.name.localeCompare(b.name);
  roots.sort(byStart);
  for (const span of spans) span.children.sort(byStart);

  // Pre-order without recursion: a 10,000-span chain must not overflow the stack.
  const order = [];
  const stack = [...roots].reverse();
  let maxDepth = 0;
  while (stack.length) {
    const span = stack.pop();
    span.depth = span.parent ? span.parent.depth + 1 : 0;
    maxDepth = Math.max(maxDepth, span.depth);
    span.index = order.length;
    order.push(span);
    for (let i = span.children.length - 1; i >= 0; i--) stack.push(span.children[i]);
  }
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  const services = new Map();
  for (const span of spans) {
    const entry = services.get(span.service) ?? { name: span.service, spans: 0, errors: 0 };
    entry.spans++;
    if (span.error) entry.errors++;
    services.set(span.service, entry);
  }
  const root = roots[0];
  const model = {
    id: raw.traceID || root?.traceId,
    spans: order,
    byId,
    roots,
    root,
    start,
    end,
    duration: end - start,
    depth: maxDepth + 1,
    services: [...services.values()].sort((a, b) => b.spans - a.spans || a.name.localeCompare(b.name)),
    errors: spans.filter((s) => s.error).length,
  };
  for (const r of roots) markCriticalPath(r);
  return model;
}

/**
 * Marks the spans the root's end time waits on: walking back from a span's end, the child that finished last
 * before the cursor is on the path, then the cursor moves to that child's start.
 */
function markCriticalPath(root) {
  const work = [[root, root.end]];
  while (work.length) {
    const [span, until] = work.pop();
    span.critical = true;
    let cursor = Math.min(span.end, until);
    const children = [...span.children].sort((a, b) => b.end - a.end);
    for (const child of children) {
      if (child.start >= cursor) continue;
      if (child.end <= cursor || child.start < cursor) {
        work.push([child, cursor]);
        cursor = child.start;
      }
      if (cursor <= span.start) break;
    }
  }
}

const nanosToMicros = (nanos) => Number(BigInt(nanos) / 1000n);

/** A search result from an api_v3 trace summary; times in µs as in Jaeger's JSON. */
export function fromSummary(summary) {
  const start = nanosToMicros(summary.minStartTimeUnixNano);
  return {
    id: summary.traceId,
    rootService: summary.rootServiceName || 'unknown',
    rootName: summary.rootOperationName || '(no root span)',
    start,
    duration: nanosToMicros(summary.maxEndTimeUnixNano) - start,
    spanCount: summary.spanCount,
    errors: summary.errorSpanCount,
    services: (summary.services ?? []).map((s) => ({ name: s.name, spans: s.spanCount, errors: s.errorSpanCount }))
      .sort((a, b) => b.spans - a.spans || a.name.localeCompare(b.name)),
  };
}
