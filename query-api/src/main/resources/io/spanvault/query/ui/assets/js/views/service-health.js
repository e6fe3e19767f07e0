// Service health (RED): request rate, error rate and latency quantiles over time, per service and operation,
// from Jaeger's metrics API (/api/metrics/calls|errors|latencies).
import { h, mount } from '../dom.js';
import * as api from '../api.js';
import { navigate, href } from '../router.js';
import { formatNumber, formatSignificant } from '../format.js';
import { LOOKBACKS } from '../url-state.js';
import { lineChart } from '../line-chart.js';
import { mean, seriesByOperation } from '../metric-family.js';
import { errorBox } from './search.js';
import { otlpEndpointsHelp } from './onboarding.js';

const KINDS = ['server', 'client', 'producer', 'consumer', 'internal'];
const QUANTILES = [[0.5, 'p50', '#16a34a'], [0.95, 'p95', '#d97706'], [0.99, 'p99', '#dc2626']];
const RATE = (v) => `${formatSignificant(v)}/s`;
const PERCENT = (v) => `${formatNumber(v * 100, 1)}%`;
const MILLIS = (v) => `${formatNumber(v, 1)}ms`;

export async function serviceHealthView(outlet, _args, params, signal) {
  const body = h('section', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, 'Loading…'));
  const head = h('div', { class: 'page-head' }, h('h1', {}, 'Service health'));
  mount(outlet, h('div', { class: 'health-page' }, head, body));
  let names;
  try {
    names = await api.services(signal);
  } catch (e) {
    if (e.name === 'AbortError') return;
    mount(body, errorBox(`Cannot list services: ${e.message}`));
    return;
  }
  if (!names.length) { mount(body, otlpEndpointsHelp()); return; }
  const service = params.get('service') && names.includes(params.get('service')) ? params.get('service') : names[0];
  const lookback = params.get('lookback') ?? '1h';
  const spanKind = params.get('spanKind') ?? 'server';
  const go = (change) => navigate('health', new URLSearchParams({ service, lookback, spanKind, ...change }));
  head.append(h('form', { class: 'inline-form', 'aria-label': 'Service health query', onSubmit: (e) => e.preventDefault() },
    h('div', { class: 'field inline' }, h('label', { for: 'health-service' }, 'Service'),
      h('select', { id: 'health-service', onChange: (e) => go({ service: e.target.value }) },
        names.map((n) => h('option', { value: n, selected: n === service }, n)))),
    h('div', { class: 'field inline' }, h('label', { for: 'health-kind' }, 'Span kind'),
      h('select', { id: 'health-kind', onChange: (e) => go({ spanKind: e.target.value }) },
        KINDS.map((k) => h('option', { value: k, selected: k === spanKind }, k)))),
    h('div', { class: 'field inline' }, h('label', { for: 'health-lookback' }, 'Window'),
      h('select', { id: 'health-lookback', onChange: (e) => go({ lookback: e.target.value }) },
        LOOKBACKS.map(([k, label]) => h('option', { value: k, selected: k === lookback }, label))))));

  const lookbackMillis = LOOKBACKS.find(([k]) => k === lookback)?.[2] ?? 3600e3;
  const step = Math.max(60e3, Math.round(lookbackMillis / 60 / 60e3) * 60e3);
  const base = { service, endTs: Date.now(), lookback: lookbackMillis, step, ratePer: 600e3, spanKind };
  const fetchAll = (groupByOperation) => Promise.all([
    api.metrics('calls', { ...base, groupByOperation }, signal),
    api.metrics('errors', { ...base, groupByOperation }, signal),
    ...QUANTILES.map(([q]) => api.metrics('latencies', { ...base, groupByOperation, quantile: q }, signal)),
  ]).then((families) => families.map(seriesByOperation));
  let service_, perOperation;
  try {
    [service_, perOperation] = await Promise.all([fetchAll(false), fetchAll(true)]);
  } catch (e) {
    if (e.name === 'AbortError') return;
    mount(body, e.status === 404 || e.status === 501
      ? errorBox('This server does not serve the metrics API (/api/metrics/*) that service health reads.',
        'Upgrade Spanvault to a version with the metrics API.')
      : errorBox(`Cannot load metrics: ${e.message}`));
    return;
  }
  const [calls, errors, ...latencies] = service_.map((m) => m.get('') ?? [...m.values()][0] ?? []);
  performance.mark('spanvault:health-rendered');
  const domain = [base.endTs - lookbackMillis, base.endTs];
  mount(body,
    h('div', { class: 'charts' },
      lineChart('Request rate', [{ name: 'requests/s', color: '#2563eb', points: calls }], RATE, domain),
      lineChart('Error rate', [{ name: 'errors', color: '#dc2626', points: errors }], PERCENT, domain),
      lineChart('Latency', QUANTILES.map(([, name, color], i) => ({ name, color, points: latencies[i] })), MILLIS,
        domain)),
    operationsTable(service, perOperation));
}

function operationsTable(service, [calls, errors, p50, p95, p99]) {
  const ops = [...calls.keys()].filter((op) => op !== '').sort((a, b) => mean(calls.get(b)) - mean(calls.get(a)));
  if (!ops.length) return h('p', { class: 'muted' }, 'No operations with spans of this kind in this window.');
  const cell = (map, op, format) => h('td', { class: 'num' }, format(mean(map.get(op) ?? [])));
  return h('table', { class: 'card table operations', 'aria-label': `Operations of ${service}` },
    h('thead', {}, h('tr', {}, ['Operation', 'Requests/s', 'Error rate', 'p50', 'p95', 'p99'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ops.map((op) => h('tr', {},
      h('td', {}, h('a', { href: href('search', new URLSearchParams({ service, operation: op })), 'data-link': true }, op)),
      cell(calls, op, RATE), cell(errors, op, PERCENT), cell(p50, op, MILLIS), cell(p95, op, MILLIS), cell(p99, op, MILLIS)))));
}
