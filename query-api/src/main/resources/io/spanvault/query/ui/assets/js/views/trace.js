// The trace page: header, find-in-trace, minimap, the waterfall and the selected span's detail.
import { h, mount } from '../dom.js';
import * as api from '../api.js';
import { href } from '../router.js';
import { serviceColor } from '../colors.js';
import { formatDateTime, formatDuration, plural, relativeTime } from '../format.js';
import { buildTrace } from '../trace-model.js';
import { createTimeline } from '../timeline.js';
import { createMinimap } from '../minimap.js';
import { findSpans } from '../find-in-trace.js';
import { spanDetail } from '../span-detail.js';
import { errorBox } from './search.js';

const MINIMAP_FROM_SPANS = 40;

export async function traceView(outlet, [traceId], params, signal) {
  mount(outlet, h('p', { class: 'loading' }, `Loading trace ${traceId}…`));
  performance.mark('spanvault:trace-start');
  let raw;
  try {
    raw = await api.trace(traceId, signal);
  } catch (e) {
    if (e.name === 'AbortError') return;
    mount(outlet, errorBox(e.status === 404 ? `Trace ${traceId} is not stored.` : `Cannot load trace ${traceId}: ${e.message}`,
      e.status === 404 ? 'It may be older than the retention, or not yet written. Search for it on the search page.' : null));
    return;
  }
  performance.mark('spanvault:trace-data');
  const model = buildTrace(raw);
  performance.mark('spanvault:trace-model');
  let otlp = null;
  const otlpTrace = () => (otlp ??= api.traceOtlp(traceId));
  const detailSlot = h('div', { class: 'detail-slot' });
  let minimap = null;

  const select = (span) => {
    timeline.setSelected(span);
    if (!span) { detailSlot.replaceChildren(); return; }
    const params = new URLSearchParams(location.search);
    params.set('span', span.id);
    history.replaceState(null, '', href(`trace/${traceId}`, params));
    detailSlot.replaceChildren(spanDetail(span, model, otlpTrace(), () => select(null)));
  };
  const timeline = createTimeline(model, {
    onSelect: select,
    onViewportChange: (first, count, total) => minimap?.update(first, count, total),
  });
  if (model.spans.length >= MINIMAP_FROM_SPANS) {
    minimap = createMinimap(model, (fraction) => timeline.scrollToFraction(fraction));
  }

  const findInput = h('input', { id: 'find', type: 'search', placeholder: 'Find in trace: name, attribute, id…',
    autocomplete: 'off', spellcheck: 'false' });
  const findStatus = h('span', { class: 'find-status', 'aria-live': 'polite' });
  let found = [];
  let foundAt = -1;
  const showMatch = () => {
    const current = found[foundAt] ?? null;
    timeline.setMatches(found.length || findInput.value.trim() ? new Set(found) : null, current);
    findStatus.textContent = findInput.value.trim() ? (found.length ? `${foundAt + 1} of ${found.length}` : 'no match') : '';
  };
  const step = (delta) => {
    if (!found.length) return;
    foundAt = (foundAt + delta + found.length) % found.length;
    showMatch();
  };
  findInput.addEventListener('input', () => {
    found = findSpans(model, findInput.value);
    foundAt = found.length ? 0 : -1;
    showMatch();
  });
  findInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); step(e.shiftKey ? -1 : 1); } });

  const root = model.root;
  mount(outlet, h('div', { class: 'trace-page' },
    h('header', { class: 'trace-header card' },
      h('h1', {}, h('span', { class: 'swatch', style: { background: serviceColor(root?.service ?? '') } }),
        `${root?.service ?? 'unknown'}: ${root?.name ?? ''}`, ' ', h('code', { class: 'trace-id' }, model.id)),
      h('dl', { class: 'facts' },
        fact('Start', h('time', { datetime: new Date(model.start / 1000).toISOString() },
          `${formatDateTime(model.start / 1000)} (${relativeTime(model.start / 1000)})`)),
        fact('Duration', formatDuration(model.duration)),
        fact('Services', String(model.services.length)),
        fact('Depth', String(model.depth)),
        fact('Spans', model.spans.length.toLocaleString('en')),
        fact('Errors', h('span', { class: model.errors ? 'error-text' : '' }, String(model.errors)))),
      h('ul', { class: 'services', 'aria-label': 'Services in this trace' }, model.services.map((svc) => h('li', {
        class: 'service-tag', style: { borderColor: serviceColor(svc.name) } },
      h('span', { class: 'swatch', style: { background: serviceColor(svc.name) } }),
      `${svc.name} (${plural(svc.spans, 'span')}${svc.errors ? `, ${plural(svc.errors, 'error')}` : ''})`))),
      h('div', { class: 'toolbar' },
        h('label', { for: 'find', class: 'visually-hidden' }, 'Find in trace'), findInput,
        h('button', { type: 'button', 'aria-label': 'Previous match', onClick: () => step(-1) }, '↑'),
        h('button', { type: 'button', 'aria-label': 'Next match', onClick: () => step(1) }, '↓'), findStatus,
        h('span', { class: 'spacer' }),
        h('button', { type: 'button', onClick: () => timeline.expandAll() }, 'Expand all'),
        h('button', { type: 'button', onClick: () => timeline.collapseAll() }, 'Collapse all'),
        h('a', { class: 'button', href: href('compare', new URLSearchParams({ a: model.id })), 'data-link': true }, 'Compare…'),
        h('a', { class: 'button', href: api.traceOtlpUrl(model.id), download: `trace-${model.id}.json` }, 'Download OTLP/JSON')),
      h('p', { class: 'legend' }, h('span', { class: 'legend-critical' }), 'critical path ',
        h('span', { class: 'legend-error' }, '!'), ' error')),
    minimap?.el,
    h('div', { class: 'trace-body' }, timeline.el, detailSlot)));
  timeline.render();
  minimap?.draw();
  const wanted = params.get('span') && model.byId.get(params.get('span'));
  if (wanted) {
    timeline.setMatches(null, wanted);
    select(wanted);
  }
  performance.mark('spanvault:trace-rendered');
}

function fact(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value));
}
