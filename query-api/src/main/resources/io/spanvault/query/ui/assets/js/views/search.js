// The search page: the form (its state lives in the URL), the scatter plot and the result list.
import { h, mount } from '../dom.js';
import * as api from '../api.js';
import { navigate, href } from '../router.js';
import { serviceColor } from '../colors.js';
import { formatDateTime, formatDuration, plural, relativeTime, shortId } from '../format.js';
import { ALL_SERVICES, LOOKBACKS, searchApiParams, searchStateFromUrl, searchStateToUrl } from '../url-state.js';
import { fromSummary } from '../trace-model.js';
import { scatterPlot } from '../scatter.js';
import { otlpEndpointsHelp } from './onboarding.js';

const SPAN_KINDS = ['', 'server', 'client', 'producer', 'consumer', 'internal'];
const PAGE = 50;
const SORTS = [['newest', 'Most recent'], ['longest', 'Longest first'], ['shortest', 'Shortest first'],
  ['spans', 'Most spans']];

function field(label, id, control, hint) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint && h('p', { class: 'hint', id: `${id}-hint` }, hint));
}

function select(id, options, value, attrs = {}) {
  return h('select', { id, name: id, ...attrs },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

export async function searchView(outlet, _args, params, signal) {
  const state = searchStateFromUrl(params);
  const form = h('form', { class: 'search-form card', 'aria-label': 'Search traces' });
  const results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-label': 'Search results' });
  mount(outlet, h('div', { class: 'search-page' }, form, results));

  let serviceNames = [];
  try {
    serviceNames = await api.services(signal);
  } catch (e) {
    if (e.name === 'AbortError') return;
    mount(results, errorBox(`Cannot list services: ${e.message}`, 'Check that Spanvault is running and reachable.'));
  }
  buildForm(form, state, serviceNames, signal);
  if (!serviceNames.length) {
    mount(results, otlpEndpointsHelp());
    return;
  }
  if (!state.service) {
    mount(results, h('div', { class: 'empty card' }, h('h2', {}, 'Find traces'),
      h('p', {}, `Choose one of ${plural(serviceNames.length, 'service')} (or all services) and press Find traces.`)));
    return;
  }
  await runSearch(results, state, signal);
}

function buildForm(form, state, serviceNames, signal) {
  const service = select('service', [['', 'Choose a service…'], [ALL_SERVICES, 'All services'],
    ...serviceNames.map((n) => [n, n])], state.service, { required: true });
  const operation = select('operation', [['', 'All operations']], '');
  const spanKind = select('spanKind', SPAN_KINDS.map((k) => [k, k || 'Any kind']), state.spanKind);
  const loadOperations = async () => {
    const name = service.value;
    operation.disabled = !name || name === ALL_SERVICES;
    const options = [h('option', { value: '' }, 'All operations')];
    if (!operation.disabled) {
      try {
        const ops = await api.operations(name, spanKind.value, signal);
        [...new Set(ops.map((o) => o.name))].sort().forEach((n) => options.push(h('option', { value: n }, n)));
      } catch (e) {
        if (e.name === 'AbortError') return;
      }
    }
    mount(operation, options);
    operation.value = [...operation.options].some((o) => o.value === state.operation) ? state.operation : '';
  };
  service.addEventListener('change', () => { state.operation = ''; loadOperations(); });
  spanKind.addEventListener('change', loadOperations);
  loadOperations();

  const tags = h('input', { id: 'tags', name: 'tags', type: 'text', value: state.tags, autocomplete: 'off',
    placeholder: 'http.status_code=500 error=true', 'aria-describedby': 'tags-hint', spellcheck: 'false' });
  const lookback = select('lookback', [...LOOKBACKS.map(([k, label]) => [k, label]), ['custom', 'Custom range']],
    state.lookback);
  const start = h('input', { id: 'start', type: 'datetime-local', step: 1, value: state.start });
  const end = h('input', { id: 'end', type: 'datetime-local', step: 1, value: state.end });
  const custom = h('div', { class: 'custom-range', hidden: state.lookback !== 'custom' },
    field('From', 'start', start), field('To', 'end', end));
  lookback.addEventListener('change', () => { custom.hidden = lookback.value !== 'custom'; });

  const minDuration = h('input', { id: 'minDuration', type: 'text', value: state.minDuration, placeholder: 'e.g. 100ms',
    size: 8, autocomplete: 'off' });
  const maxDuration = h('input', { id: 'maxDuration', type: 'text', value: state.maxDuration, placeholder: 'e.g. 2s',
    size: 8, autocomplete: 'off' });
  // The API has one switch for both: with match=trace tags may match different spans and durations bound the trace.
  const durationOf = select('durationOf', [['span', 'a span'], ['trace', 'the whole trace']],
    state.match === 'trace' ? 'trace' : 'span');
  const acrossSpans = h('input', { id: 'match', type: 'checkbox', checked: state.match === 'trace' });
  durationOf.addEventListener('change', () => { acrossSpans.checked = durationOf.value === 'trace'; });
  acrossSpans.addEventListener('change', () => { durationOf.value = acrossSpans.checked ? 'trace' : 'span'; });
  const limit = h('input', { id: 'limit', type: 'number', min: 1, max: 1500, value: state.limit });

  mount(form,
    h('h2', {}, 'Search'),
    field('Service', 'service', service),
    field('Span kind', 'spanKind', spanKind, null),
    field('Operation', 'operation', operation),
    field('Tags', 'tags', tags, 'key=value pairs separated by spaces; quote values with spaces: msg="not found"'),
    field('Time range', 'lookback', lookback), custom,
    h('fieldset', { class: 'durations' }, h('legend', {}, 'Duration'),
      h('div', { class: 'pair' }, field('Min', 'minDuration', minDuration), field('Max', 'maxDuration', maxDuration)),
      field('Duration of', 'durationOf', durationOf)),
    h('div', { class: 'field checkbox' }, acrossSpans,
      h('label', { for: 'match' }, 'Conditions may match different spans of the trace')),
    field('Limit results', 'limit', limit),
    h('button', { type: 'submit', class: 'primary' }, 'Find traces'));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = {
      service: service.value, operation: operation.value, spanKind: spanKind.value, tags: tags.value.trim(),
      lookback: lookback.value, start: start.value, end: end.value, minDuration: minDuration.value.trim(),
      maxDuration: maxDuration.value.trim(), match: acrossSpans.checked ? 'trace' : '', limit: limit.value,
      sort: state.sort,
    };
    navigate('search', searchStateToUrl(next));
  });
}

async function runSearch(results, state, signal) {
  const query = searchApiParams(state);
  if (query.error) {
    mount(results, errorBox(query.error, 'Correct the form and search again.'));
    return;
  }
  mount(results, h('p', { class: 'loading' }, 'Searching…'));
  performance.mark('spanvault:search-start');
  let found;
  try {
    found = await api.traceSummaries(query.params, signal);
  } catch (e) {
    if (e.name === 'AbortError') return;
    mount(results, errorBox(`The search failed: ${e.message}`, 'Correct the form and search again.'));
    return;
  }
  performance.mark('spanvault:search-data');
  const summaries = found.map(fromSummary);
  performance.mark('spanvault:search-model');
  renderResults(results, state, summaries);
  performance.mark('spanvault:search-rendered');
}

const SORTERS = {
  newest: (a, b) => b.start - a.start,
  longest: (a, b) => b.duration - a.duration,
  shortest: (a, b) => a.duration - b.duration,
  spans: (a, b) => b.spanCount - a.spanCount,
};

function renderResults(results, state, summaries) {
  if (!summaries.length) {
    mount(results, h('div', { class: 'empty card' }, h('h2', {}, 'No traces found'),
      h('p', {}, 'Widen the time range, drop a tag or a duration bound, or choose all services.')));
    return;
  }
  const sorted = [...summaries].sort(SORTERS[state.sort] ?? SORTERS.newest);
  const maxDuration = Math.max(...sorted.map((r) => r.duration));
  const selected = new Set();
  const compare = h('a', { class: 'button', 'aria-disabled': 'true', 'data-link': true, href: href('compare') },
    'Compare selected');
  const updateCompare = () => {
    const ids = [...selected];
    const ready = ids.length === 2;
    compare.setAttribute('aria-disabled', String(!ready));
    compare.href = href('compare', new URLSearchParams(ready ? { a: ids[0], b: ids[1] } : {}));
    compare.textContent = ready ? 'Compare selected' : `Select 2 traces to compare (${ids.length})`;
  };
  updateCompare();
  const sort = select('sort', SORTS, state.sort);
  sort.addEventListener('change', () => navigate('search', searchStateToUrl({ ...state, sort: sort.value })));
  const open = (r) => navigate(`trace/${r.id}`);
  const now = Date.now();
  const item = (r) => {
    const checkbox = h('input', { type: 'checkbox', 'aria-label': `Select trace ${shortId(r.id)} to compare`,
      onChange: (e) => {
        if (e.target.checked) selected.add(r.id); else selected.delete(r.id);
        updateCompare();
      } });
    return h('li', { class: `trace-item card${r.errors ? ' has-error' : ''}`, 'data-trace-id': r.id },
      h('div', { class: 'trace-item-head' }, checkbox,
        h('a', { class: 'trace-title', href: href(`trace/${r.id}`), 'data-link': true },
          h('span', { class: 'swatch', style: { background: serviceColor(r.rootService) } }),
          `${r.rootService}: ${r.rootName}`, h('span', { class: 'trace-id' }, shortId(r.id))),
        h('span', { class: 'duration' }, formatDuration(r.duration))),
      h('div', { class: 'duration-bar', 'aria-hidden': 'true' },
        h('span', { style: { width: `${Math.max(0.5, (100 * r.duration) / maxDuration)}%` } })),
      h('div', { class: 'trace-item-body' },
        h('span', { class: 'count' }, plural(r.spanCount, 'span')),
        r.errors ? h('span', { class: 'count error' }, plural(r.errors, 'error')) : null,
        h('ul', { class: 'services', 'aria-label': 'Services' }, r.services.map((svc) => h('li', {
          class: 'service-tag', style: { borderColor: serviceColor(svc.name) } },
        h('span', { class: 'swatch', style: { background: serviceColor(svc.name) } }), `${svc.name} (${svc.spans})`))),
        h('time', { class: 'when', datetime: new Date(r.start / 1000).toISOString(),
          title: formatDateTime(r.start / 1000) }, relativeTime(r.start / 1000, now))));
  };
  // Long result lists grow a page at a time as the reader gets to their end, so the first paint stays quick.
  const list = h('ol', { class: 'trace-list', 'aria-label': 'Traces' });
  const more = h('button', { type: 'button', class: 'show-more' });
  let shown = 0;
  const showMore = () => {
    const next = sorted.slice(shown, shown + PAGE);
    list.append(...next.map(item));
    shown += next.length;
    more.hidden = shown >= sorted.length;
    more.textContent = `Show ${Math.min(PAGE, sorted.length - shown)} more of ${sorted.length - shown}`;
  };
  more.addEventListener('click', showMore);
  showMore();
  new IntersectionObserver((entries, observer) => {
    if (!more.isConnected) observer.disconnect();
    else if (entries.some((e) => e.isIntersecting) && !more.hidden) showMore();
  }, { rootMargin: '400px' }).observe(more);
  mount(results,
    h('div', { class: 'card chart-card' }, scatterPlot(sorted, open)),
    h('div', { class: 'results-bar' }, h('h2', {}, plural(sorted.length, 'trace')),
      h('div', { class: 'field inline' }, h('label', { for: 'sort' }, 'Sort'), sort), compare),
    list, more);
}

export function errorBox(message, advice) {
  return h('div', { class: 'error-box card', role: 'alert' }, h('strong', {}, message), advice && h('p', {}, advice));
}
