// The detail of one span: kind, status, ids, attributes, resource, scope, events, links, dropped counts.
// Jaeger's JSON carries most of it; scope attributes and dropped counts come from the trace's OTLP/JSON.
import { h } from './dom.js';
import * as api from './api.js';
import { href } from './router.js';
import { serviceColor } from './colors.js';
import { formatDuration } from './format.js';
import { keyValueTable, otlpPairs, valueText } from './key-values.js';

const SPECIAL_TAGS = new Set(['span.kind', 'otel.status_code', 'otel.status_description', 'error',
  'otel.scope.name', 'otel.scope.version', 'w3c.tracestate']);

function tag(span, key) {
  return span.tags.find((t) => t.key === key)?.value;
}

/** Finds a span's OTLP scope and span in OTLP/JSON resourceSpans. */
export function findOtlpSpan(otlp, spanId) {
  for (const rs of otlp?.resourceSpans ?? []) {
    for (const ss of rs.scopeSpans ?? []) {
      for (const sp of ss.spans ?? []) {
        if ((sp.spanId ?? '').toLowerCase() === spanId.toLowerCase()) return { resource: rs.resource, scope: ss.scope, span: sp };
      }
    }
  }
  return null;
}

function section(title, content, open = true) {
  return h('details', { class: 'detail-section', open }, h('summary', {}, title), content);
}

export function spanDetail(span, model, otlpPromise, onClose) {
  const statusCode = tag(span, 'otel.status_code') ?? (span.error ? 'ERROR' : 'UNSET');
  const facts = [
    ['Service', span.service], ['Kind', span.kind], ['Status', statusCode + (tag(span, 'otel.status_description')
      ? `: ${tag(span, 'otel.status_description')}` : '')],
    ['Span ID', span.id], ['Parent span ID', span.parent?.id ?? span.references.find((r) => r.refType === 'CHILD_OF')?.spanID ?? '—'],
    ['Trace ID', span.traceId], ['Start', `+${formatDuration(span.start - model.start)}`],
    ['Duration', formatDuration(span.duration)], ['Trace state', tag(span, 'w3c.tracestate') ?? '—'],
    ['Critical path', span.critical ? 'yes' : 'no'],
  ];
  const attributes = span.tags.filter((t) => !SPECIAL_TAGS.has(t.key)).map((t) => [t.key, t.value]);
  const resource = [['service.name', span.service], ...(span.process.tags ?? []).map((t) => [t.key, t.value])];
  const scopeBox = h('div', {}, keyValueTable([['name', tag(span, 'otel.scope.name') ?? '—'],
    ['version', tag(span, 'otel.scope.version') ?? '—']], 'Scope'));
  const droppedBox = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const events = span.logs.map((log) => {
    const name = log.fields.find((f) => f.key === 'event')?.value ?? '(event)';
    const fields = log.fields.filter((f) => f.key !== 'event').map((f) => [f.key, f.value]);
    return h('li', { class: 'event' }, h('div', { class: 'event-head' },
      h('strong', {}, valueText(name)), h('span', { class: 'muted' }, `+${formatDuration(log.timestamp - span.start)} in the span`)),
    keyValueTable(fields, `Attributes of event ${valueText(name)}`, 'no attributes'));
  });
  const links = span.references.filter((r) => r.refType !== 'CHILD_OF' || r.traceID !== span.traceId
      || r.spanID !== span.parent?.id);
  const linkItems = links.map((ref) => {
    const sameTrace = ref.traceID === span.traceId;
    const target = href(`trace/${ref.traceID}`, new URLSearchParams({ span: ref.spanID }));
    const item = h('li', { class: 'link' }, h('span', { class: 'muted' }, ref.refType === 'FOLLOWS_FROM' ? 'link' : ref.refType),
      ' ', h('code', {}, `${ref.traceID} / ${ref.spanID}`), h('br'));
    if (sameTrace && model.byId.has(ref.spanID)) {
      item.append(' ', h('a', { href: target, 'data-link': true }, 'open in this trace'));
    } else {
      const state = h('span', { class: 'muted' }, 'checking…');
      item.append(' ', state);
      api.traceExists(ref.traceID).then((ok) => {
        state.replaceWith(ok ? h('a', { href: target, 'data-link': true }, 'open linked trace')
          : h('span', { class: 'muted' }, '(linked trace not stored)'));
      }).catch(() => state.replaceWith(h('span', { class: 'muted' }, '(cannot check)')));
    }
    return item;
  });

  otlpPromise.then((otlp) => {
    const found = findOtlpSpan(otlp, span.id);
    if (!found) {
      droppedBox.replaceChildren(h('p', { class: 'muted' }, 'not in the OTLP/JSON of the trace'));
      return;
    }
    const scopeAttributes = otlpPairs(found.scope?.attributes);
    scopeBox.append(h('h4', {}, 'Scope attributes'), keyValueTable(scopeAttributes, 'Scope attributes'));
    const sp = found.span;
    droppedBox.replaceChildren(keyValueTable([
      ['attributes', sp.droppedAttributesCount ?? 0], ['events', sp.droppedEventsCount ?? 0],
      ['links', sp.droppedLinksCount ?? 0], ['resource attributes', found.resource?.droppedAttributesCount ?? 0],
      ['scope attributes', found.scope?.droppedAttributesCount ?? 0]], 'Dropped counts'));
  }).catch((e) => droppedBox.replaceChildren(h('p', { class: 'muted' }, `cannot load OTLP/JSON: ${e.message}`)));

  return h('aside', { class: 'span-detail card', 'aria-label': `Span ${span.name}`, tabindex: -1 },
    h('div', { class: 'detail-head' },
      h('span', { class: 'service-mark', style: { background: serviceColor(span.service) } }),
      h('h2', {}, span.name),
      h('button', { type: 'button', class: 'icon', 'aria-label': 'Close span detail', onClick: onClose }, '✕')),
    span.error ? h('p', { class: 'error-banner' }, `Error${tag(span, 'otel.status_description') ? `: ${tag(span, 'otel.status_description')}` : ''}`) : null,
    keyValueTable(facts, 'Span'),
    section(`Attributes (${attributes.length})`, keyValueTable(attributes, 'Attributes')),
    section(`Events (${events.length})`, events.length ? h('ol', { class: 'events' }, events) : h('p', { class: 'muted' }, 'none')),
    section(`Links (${linkItems.length})`, linkItems.length ? h('ul', { class: 'links' }, linkItems) : h('p', { class: 'muted' }, 'none')),
    section(`Resource (${resource.length})`, keyValueTable(resource, 'Resource attributes'), false),
    section('Instrumentation scope', scopeBox, false),
    section('Dropped counts', droppedBox, false));
}
