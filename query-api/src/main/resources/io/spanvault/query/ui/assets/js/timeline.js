// The trace waterfall: a virtualised tree of span rows (only rows in view exist in the DOM), a time ruler,
// collapsible subtrees, service colours, error and critical-path marks.
import { h, mount } from './dom.js';
import { serviceColor } from './colors.js';
import { formatDuration } from './format.js';

export const ROW_HEIGHT = 26;
const OVERSCAN = 8;
const TICKS = 5;

export function createTimeline(model, { onSelect, onViewportChange }) {
  const collapsed = new Set();
  let rows = model.spans;
  let matches = null;
  let current = null;
  let selected = null;
  let focusIndex = 0;

  const ruler = h('div', { class: 'ruler', 'aria-hidden': 'true' },
    h('div', { class: 'ruler-name' }, 'Service & operation'),
    h('div', { class: 'ruler-time' }, Array.from({ length: TICKS + 1 }, (_, i) => h('span', {
      class: 'ruler-tick', style: { left: `${(100 * i) / TICKS}%` } }, i === 0 ? '0' : formatDuration((model.duration * i) / TICKS)))));
  const spacer = h('div', { class: 'rows-spacer' });
  const viewport = h('div', { class: 'rows', role: 'tree', 'aria-label': 'Spans of the trace', tabindex: -1 }, spacer);
  const el = h('div', { class: 'timeline card' }, ruler, viewport);

  const visibleRows = () => {
    const out = [];
    let skipDeeperThan = Infinity;
    for (const span of model.spans) {
      if (span.depth > skipDeeperThan) continue;
      skipDeeperThan = collapsed.has(span) ? span.depth : Infinity;
      out.push(span);
    }
    return out;
  };

  const pct = (micros) => `${(100 * micros) / (model.duration || 1)}%`;

  const renderRow = (span, index) => {
    const hasChildren = span.children.length > 0;
    const isCollapsed = collapsed.has(span);
    const color = serviceColor(span.service);
    const toggle = hasChildren ? h('button', { class: 'toggle', type: 'button', tabindex: -1,
      'aria-label': `${isCollapsed ? 'Expand' : 'Collapse'} ${span.name}`,
      onClick: (e) => { e.stopPropagation(); toggleSpan(span); } }, isCollapsed ? '▸' : '▾')
      : h('span', { class: 'toggle-space' });
    const classes = ['row'];
    if (span.error) classes.push('error');
    if (span === selected) classes.push('selected');
    if (matches?.has(span)) classes.push('match');
    if (span === current) classes.push('current-match');
    if (matches && !matches.has(span)) classes.push('dimmed');
    const offset = span.start - model.start;
    return h('div', {
      class: classes.join(' '), role: 'treeitem', 'aria-level': span.depth + 1,
      'aria-expanded': hasChildren ? String(!isCollapsed) : undefined, 'aria-selected': String(span === selected),
      tabindex: index === focusIndex ? 0 : -1, 'data-span-id': span.id, 'data-index': index,
      style: { top: `${index * ROW_HEIGHT}px` },
      onClick: () => { focusIndex = index; onSelect(span); },
    },
    h('div', { class: 'row-name', style: { paddingLeft: `${6 + Math.min(span.depth, 40) * 14}px` } },
      toggle,
      h('span', { class: 'service-mark', style: { background: color } }),
      h('span', { class: 'service' }, span.service),
      h('span', { class: 'operation' }, span.name),
      span.error ? h('span', { class: 'error-mark', title: 'Error', 'aria-label': 'error' }, '!') : null,
      hasChildren && isCollapsed ? h('span', { class: 'hidden-count' }, `+${countDescendants(span)}`) : null),
    h('div', { class: 'row-time' },
      h('div', { class: `bar${span.critical ? ' critical' : ''}`, title: span.critical ? 'On the critical path' : null,
        style: { left: pct(offset), width: `max(2px, ${pct(span.duration)})`, background: color } }),
      h('span', { class: 'bar-label', style: offset / (model.duration || 1) > 0.7
        ? { right: `calc(100% - ${pct(offset)} + 4px)` } : { left: `calc(${pct(offset + span.duration)} + 4px)` } },
      formatDuration(span.duration))));
  };

  const render = () => {
    // The spacer's height sizes the viewport (up to its CSS max-height) before the rows in view are counted.
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const focused = viewport.contains(document.activeElement) && document.activeElement.classList.contains('row');
    const nodes = [];
    for (let i = first; i < last; i++) nodes.push(renderRow(rows[i], i));
    mount(spacer, nodes);
    if (focused) spacer.querySelector(`[data-index="${focusIndex}"]`)?.focus({ preventScroll: true });
    onViewportChange?.(top / ROW_HEIGHT, height / ROW_HEIGHT, rows.length);
  };

  let frame = 0;
  viewport.addEventListener('scroll', () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; render(); });
  });

  const relayout = () => { rows = visibleRows(); render(); };

  function toggleSpan(span, collapse = !collapsed.has(span)) {
    if (!span.children.length) return;
    if (collapse) collapsed.add(span); else collapsed.delete(span);
    relayout();
  }

  const scrollToIndex = (index) => {
    const top = index * ROW_HEIGHT;
    if (top < viewport.scrollTop || top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) {
      viewport.scrollTop = Math.max(0, top - viewport.clientHeight / 3);
    }
  };

  const focusRow = (index) => {
    focusIndex = Math.max(0, Math.min(rows.length - 1, index));
    scrollToIndex(focusIndex);
    render();
    spacer.querySelector(`[data-index="${focusIndex}"]`)?.focus({ preventScroll: true });
  };

  viewport.addEventListener('keydown', (e) => {
    const span = rows[focusIndex];
    const page = Math.max(1, Math.floor(viewport.clientHeight / ROW_HEIGHT) - 1);
    const keys = {
      ArrowDown: () => focusRow(focusIndex + 1),
      ArrowUp: () => focusRow(focusIndex - 1),
      PageDown: () => focusRow(focusIndex + page),
      PageUp: () => focusRow(focusIndex - page),
      Home: () => focusRow(0),
      End: () => focusRow(rows.length - 1),
      ArrowRight: () => (collapsed.has(span) ? toggleSpan(span, false) : focusRow(focusIndex + 1)),
      ArrowLeft: () => (span.children.length && !collapsed.has(span) ? toggleSpan(span, true)
        : span.parent && focusRow(rows.indexOf(span.parent))),
      Enter: () => onSelect(span),
      ' ': () => onSelect(span),
    };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });

  return {
    el,
    render: relayout,
    toggle: toggleSpan,
    expandAll() { collapsed.clear(); relayout(); },
    collapseAll() {
      for (const span of model.spans) if (span.children.length && span.depth >= 1) collapsed.add(span);
      relayout();
    },
    setSelected(span) { selected = span; render(); },
    setMatches(set, currentSpan) {
      matches = set;
      current = currentSpan;
      if (currentSpan) {
        for (let p = currentSpan.parent; p; p = p.parent) collapsed.delete(p);
        rows = visibleRows();
        focusIndex = rows.indexOf(currentSpan);
        scrollToIndex(focusIndex);
      }
      render();
    },
    scrollToFraction(fraction) {
      viewport.scrollTop = fraction * rows.length * ROW_HEIGHT - viewport.clientHeight / 2;
    },
    get rowCount() { return rows.length; },
  };
}

function countDescendants(span) {
  let count = 0;
  const stack = [...span.children];
  while (stack.length) {
    const s = stack.pop();
    count++;
    stack.push(...s.children);
  }
  return count;
}
