// Reads Jaeger's metrics API answer (a MetricFamily) into series keyed by operation.

function label(metric, name) {
  return metric.labels?.find((l) => l.name === name)?.value;
}

function pointTime(p) {
  return typeof p.timestamp === 'string' ? Date.parse(p.timestamp) : Number(p.timestamp);
}

/** Map of operation (or '' for the whole service) to [{t, v}]. */
export function seriesByOperation(family) {
  const out = new Map();
  for (const metric of family?.metrics ?? []) {
    const points = (metric.metricPoints ?? []).map((p) => ({ t: pointTime(p), v: Number(p.gaugeValue?.doubleValue) }))
      .filter((p) => Number.isFinite(p.t)).sort((a, b) => a.t - b.t);
    out.set(label(metric, 'operation') ?? '', points);
  }
  return out;
}

export function mean(points) {
  const values = points.map((p) => p.v).filter(Number.isFinite);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}
