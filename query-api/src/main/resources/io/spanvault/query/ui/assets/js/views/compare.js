// Trace compare: pick two traces, see their span trees diffed by service and operation.
import { h, mount } from '../dom.js';
import * as api from '../api.js';
import { href, navigate } from '../router.js';
import { serviceColor } from '../colors.js';
import { formatDuration, shortId } from '../format.js';
import { buildTrace } from '../trace-model.js';
import { diffTraces } from '../trace-diff.js';
import { errorBox } from './search.js';

export async function compareView(outlet, _args, params, signal) {
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  const inputA = h('input', { id: 'trace-a', value: a, required: true, spellcheck: 'false', size: 34 });
  const inputB = h('input', { id: 'trace-b', value: b, required: true, spellcheck: 'false', size: 34 });
  const form = h('form', { class: 'card compare-form', 'aria-label': 'Traces to compare', onSubmit: (e) => {
    e.preventDefault();
    navigate('compare', new URLSearchParams({ a: inputA.value.trim(), b: inputB.value.trim() }));
  } },
  h('div', { class: 'field inline' }, h('label', { for: 'trace-a' }, 'Trace A'), inputA),
  h('div', { class: 'field inline' }, h('label', { for: 'trace-b' }, 'Trace B'), inputB),
  h('button', { type: 'submit', class: 'primary' }, 'Compare'));
  const result = h('section', { class: 'compare-result', 'aria-live': 'polite' });
  mount(outlet, h('div', { class: 'compare-page' }, h('h1', {}, 'Compare traces'), form, result));
  if (!a || !b) {
    mount(result, h('div', { class: 'empty card' }, h('p', {}, 'Give two trace ids, or tick two traces in the search results and press Compare selected.')));
    return;
  }
  let traces;
  try {
    traces = await Promise.all([api.trace(a, signal), api.trace(b, signal)]);
  } catch (e) {
    if (e.name === 'AbortError') return;
    mount(result, errorBox(`Cannot load a trace: ${e.message}`, 'Check both trace ids.'));
    return;
  }
  const [ma, mb] = traces.map(buildTrace);
  const rows = diffTraces(ma, mb);
  const changed = rows.filter((r) => !r.a || !r.b || r.a.count !== r.b.count).length;
  mount(result,
    h('div', { class: 'compare-summary' }, summaryCard('A', ma), summaryCard('B', mb)),
    h('p', { class: 'legend' }, `${rows.length} span paths, ${changed} differ in count. `,
      h('span', { class: 'only-a-sample' }, 'only in A'), ' ', h('span', { class: 'only-b-sample' }, 'only in B'), ' ',
      h('span', { class: 'changed-sample' }, 'count differs')),
    h('table', { class: 'diff card', 'aria-label': 'Span tree diff' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Service: operation'),
        h('th', { scope: 'col' }, 'Spans A'), h('th', { scope: 'col' }, 'Spans B'),
        h('th', { scope: 'col' }, 'Avg A'), h('th', { scope: 'col' }, 'Avg B'), h('th', { scope: 'col' }, 'Δ avg'))),
      h('tbody', {}, rows.map((r) => {
        const cls = !r.b ? 'only-a' : !r.a ? 'only-b' : r.a.count !== r.b.count ? 'changed' : '';
        const delta = r.a && r.b ? r.b.avg - r.a.avg : null;
        return h('tr', { class: cls },
          h('td', { style: { paddingLeft: `${8 + r.depth * 16}px` } },
            h('span', { class: 'swatch', style: { background: serviceColor(r.service) } }), `${r.service}: ${r.name}`),
          h('td', { class: 'num' }, r.a?.count ?? '—'), h('td', { class: 'num' }, r.b?.count ?? '—'),
          h('td', { class: 'num' }, r.a ? formatDuration(r.a.avg) : '—'), h('td', { class: 'num' }, r.b ? formatDuration(r.b.avg) : '—'),
          h('td', { class: `num ${delta > 0 ? 'slower' : delta < 0 ? 'faster' : ''}` },
            delta === null ? '—' : `${delta > 0 ? '+' : ''}${formatDuration(delta)}`));
      }))));
}

function summaryCard(label, model) {
  return h('div', { class: 'card compare-card' }, h('h2', {}, `${label}: `,
    h('a', { href: href(`trace/${model.id}`), 'data-link': true }, `${model.root?.service}: ${model.root?.name}`),
    ' ', h('code', { class: 'trace-id' }, shortId(model.id))),
  h('p', {}, `${formatDuration(model.duration)} · ${model.spans.length} spans · ${model.errors} errors · ${model.services.length} services`));
}
