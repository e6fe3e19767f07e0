// The search form's state as URL parameters (shareable, back button works) and as the API's parameters.
import { parseTags } from './tags.js';

export const LOOKBACKS = [
  ['15m', 'Last 15 minutes', 15 * 60e3], ['1h', 'Last hour', 3600e3], ['6h', 'Last 6 hours', 6 * 3600e3],
  ['1d', 'Last day', 86400e3], ['2d', 'Last 2 days', 2 * 86400e3], ['7d', 'Last 7 days', 7 * 86400e3],
];
export const ALL_SERVICES = '*';
export const DEFAULT_LIMIT = 20;

const FIELDS = ['service', 'operation', 'spanKind', 'tags', 'lookback', 'start', 'end', 'minDuration',
  'maxDuration', 'match', 'limit', 'sort'];

export function searchStateFromUrl(params) {
  const state = {};
  for (const field of FIELDS) state[field] = params.get(field) ?? '';
  state.lookback ||= '1h';
  state.limit ||= String(DEFAULT_LIMIT);
  state.sort ||= 'newest';
  return state;
}

export function searchStateToUrl(state) {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = state[field];
    if (!value) continue;
    if ((field === 'start' || field === 'end') && state.lookback !== 'custom') continue;
    params.set(field, value);
  }
  return params;
}

export function lookbackMillis(key) {
  return LOOKBACKS.find(([k]) => k === key)?.[2];
}

/** The time window [start, end] in epoch ms of a state, at `now`. */
export function timeWindow(state, now = Date.now()) {
  if (state.lookback === 'custom') {
    const start = Date.parse(state.start);
    const end = state.end ? Date.parse(state.end) : now;
    return { start, end };
  }
  return { start: now - (lookbackMillis(state.lookback) ?? 3600e3), end: now };
}

/** {params} for /api/v3/trace-summaries, or {error} naming the field to fix. */
export function searchApiParams(state, now = Date.now()) {
  const params = new URLSearchParams();
  if (state.service === ALL_SERVICES) {
    params.set('query.all_services', 'true');
  } else if (state.service) {
    params.set('query.service_name', state.service);
  } else {
    return { error: 'Choose a service (or all services).' };
  }
  if (state.operation) params.set('query.operation_name', state.operation);
  const parsed = parseTags(state.tags);
  if (parsed.error) return { error: `Tags: ${parsed.error}. Write them as key=value, quoting values with spaces.` };
  if (parsed.tags.length) params.set('query.attributes', JSON.stringify(Object.fromEntries(parsed.tags)));
  const { start, end } = timeWindow(state, now);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return { error: 'Custom time range: give a start and an end.' };
  if (end < start) return { error: 'Custom time range: the end is before the start.' };
  params.set('query.start_time_min', new Date(Math.floor(start)).toISOString());
  params.set('query.start_time_max', new Date(Math.ceil(end)).toISOString());
  if (state.minDuration) params.set('query.duration_min', state.minDuration);
  if (state.maxDuration) params.set('query.duration_max', state.maxDuration);
  if (state.match === 'trace') params.set('query.match', 'trace');
  params.set('query.search_depth', state.limit || String(DEFAULT_LIMIT));
  return { params };
}
