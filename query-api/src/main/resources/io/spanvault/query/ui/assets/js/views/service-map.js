// The service map: /api/dependencies for a window as a layered SVG graph; a service opens its search.
import { h, mount, s } from '../dom.js';
import * as api from '../api.js';
import { href, navigate } from '../router.js';
import { serviceColor } from '../colors.js';
import { LOOKBACKS } from '../url-state.js';
import { layeredLayout } from '../graph-layout.js';
import { errorBox } from './search.js';

const NODE_W = 180;
const NODE_H = 40;
const COL_GAP = 120;
const ROW_GAP = 30;

export async function serviceMapView(outlet, _args, params, signal) {
  const lookback = params.get('lookback') ?? '1d';
  const window = h('select', { id: 'map-lookback', onChange: (e) => navigate('map', new URLSearchParams({ lookback: e.target.value })) },
    LOOKBACKS.map(([k, label]) => h('option', { value: k, selected: k === lookback }, label)));
  const body = h('section', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, 'Loading dependencies…'));
  mount(outlet, h('div', { class: 'map-page' }, h('div', { class: 'page-head' }, h('h1', {}, 'Service map'),
    h('div', { class: 'field inline' }, h('label', { for: 'map-lookback' }, 'Window'), window)), body));
  const millis = LOOKBACKS.find(([k]) => k === lookback)?.[2] ?? 86400e3;
  let links;
  try {
    links = await api.dependencies(Date.now(), millis, signal);
  } catch (e) {
    if (e.name === 'AbortError') return;
    mount(body, errorBox(`Cannot load dependencies: ${e.message}`));
    return;
  }
  if (!links.length) {
    mount(body, h('div', { class: 'empty card' }, h('h2', {}, 'No calls between services in this window'),
      h('p', {}, 'The map shows a call when a span of one service has a child span in another. Choose a longer window, or send traces that cross services.')));
    return;
  }
  mount(body, graph(links), edgeTable(links));
}

function graph(links) {
  const nodes = [...new Set(links.flatMap((l) => [l.parent, l.child]))].sort();
  const edges = links.map((l) => ({ from: l.parent, to: l.child, calls: l.callCount }));
  const { columns } = layeredLayout(nodes, edges);
  const tallest = Math.max(...columns.map((c) => c.length));
  const height = tallest * (NODE_H + ROW_GAP) + ROW_GAP;
  const width = columns.length * (NODE_W + COL_GAP) - COL_GAP + 40;
  const at = new Map();
  columns.forEach((col, i) => col.forEach((n, j) => {
    const offset = (height - col.length * (NODE_H + ROW_GAP) + ROW_GAP) / 2;
    at.set(n, { x: 20 + i * (NODE_W + COL_GAP), y: offset + j * (NODE_H + ROW_GAP) });
  }));
  const maxCalls = Math.max(...edges.map((e) => e.calls));
  const edgeEls = edges.map((e) => {
    const a = at.get(e.from);
    const b = at.get(e.to);
    const self = e.from === e.to;
    const x1 = a.x + NODE_W; const y1 = a.y + NODE_H / 2;
    const x2 = self ? a.x + NODE_W - 20 : b.x; const y2 = self ? a.y : b.y + NODE_H / 2;
    const d = self ? `M${x1},${y1} C${x1 + 50},${y1} ${x2},${y2 - 40} ${x2},${y2}`
      : `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;
    return s('g', { class: 'edge' },
      s('path', { d, 'stroke-width': 1.5 + 3 * (e.calls / maxCalls), 'marker-end': 'url(#arrow)' },
        s('title', {}, `${e.from} → ${e.to}: ${e.calls} calls`)),
      s('text', { x: self ? x1 + 30 : (x1 + x2) / 2, y: self ? y2 - 30 : (y1 + y2) / 2 - 6, 'text-anchor': 'middle' },
        String(e.calls)));
  });
  const nodeEls = nodes.map((n) => {
    const p = at.get(n);
    return s('a', { href: href('search', new URLSearchParams({ service: n })), 'data-link': true, class: 'node',
      'aria-label': `Search traces of ${n}` },
    s('rect', { x: p.x, y: p.y, width: NODE_W, height: NODE_H, rx: 6 }),
    s('rect', { class: 'node-color', x: p.x, y: p.y, width: 6, height: NODE_H, style: { fill: serviceColor(n) } }),
    s('text', { x: p.x + 16, y: p.y + NODE_H / 2 + 5 }, n.length > 22 ? `${n.slice(0, 21)}…` : n));
  });
  return h('div', { class: 'card map-card' }, s('svg', { class: 'service-map', viewBox: `0 0 ${width} ${height}`,
    width, height, role: 'img', 'aria-label': `Dependency graph of ${nodes.length} services` },
  s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: 'userSpaceOnUse',
    orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }))),
  edgeEls, nodeEls));
}

function edgeTable(links) {
  return h('table', { class: 'card table', 'aria-label': 'Calls between services' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Caller'), h('th', { scope: 'col' }, 'Callee'),
      h('th', { scope: 'col' }, 'Calls'))),
    h('tbody', {}, [...links].sort((x, y) => y.callCount - x.callCount).map((l) => h('tr', {},
      h('td', {}, l.parent), h('td', {}, l.child), h('td', { class: 'num' }, l.callCount.toLocaleString('en'))))));
}
