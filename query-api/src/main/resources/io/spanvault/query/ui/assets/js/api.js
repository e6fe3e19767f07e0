// The query API client: Jaeger's v1 JSON API, api_v3 (OTLP/JSON) and Jaeger's metrics API, relative to <base>.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function apiUrl(path, params) {
  const url = new URL(path, document.baseURI);
  if (params) {
    for (const [key, value] of params instanceof URLSearchParams ? params : Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.append(key, value);
    }
  }
  return url;
}

async function getJson(path, params, signal) {
  let response;
  try {
    response = await fetch(apiUrl(path, params), { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `cannot reach the query API: ${e.message}`);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body?.errors?.[0]?.msg ?? body?.error?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return body;
}

export async function services(signal) {
  return (await getJson('api/services', null, signal)).data ?? [];
}

/** [{name, spanKind}] of a service, optionally of one span kind. */
export async function operations(service, spanKind, signal) {
  return (await getJson('api/operations', { service, spanKind }, signal)).data ?? [];
}

/**
 * The summaries of the traces a search finds (api_v3's query.* parameters): root service and operation, times,
 * span, error and per-service counts, without every span's JSON, so a 500-trace search stays light.
 */
export async function traceSummaries(params, signal) {
  return (await getJson('api/v3/trace-summaries', params, signal)).summaries ?? [];
}

export async function trace(id, signal) {
  return (await getJson(`api/traces/${encodeURIComponent(id)}`, null, signal)).data[0];
}

/** Whether a trace is stored, for links to other traces. */
export async function traceExists(id) {
  const response = await fetch(apiUrl(`api/traces/${encodeURIComponent(id)}`), { method: 'HEAD' });
  return response.ok;
}

/** The trace as OTLP/JSON resourceSpans, which carries what Jaeger's JSON does not (scope attributes, dropped counts). */
export async function traceOtlp(id, signal) {
  return (await getJson(`api/v3/traces/${encodeURIComponent(id)}`, null, signal)).result;
}

export function traceOtlpUrl(id) {
  return apiUrl(`api/v3/traces/${encodeURIComponent(id)}`).toString();
}

/** [{parent, child, callCount}] over the window ending at endTs (ms). */
export async function dependencies(endTs, lookbackMillis, signal) {
  return (await getJson('api/dependencies', { endTs, lookback: lookbackMillis }, signal)).data ?? [];
}

/** A Jaeger metrics family: kind is latencies, calls or errors. */
export async function metrics(kind, params, signal) {
  const body = await getJson(`api/metrics/${kind}`, params, signal);
  return body?.data ?? body;
}
