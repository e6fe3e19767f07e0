// A small time-series line chart in SVG, for the service health page.
import { h, s } from './dom.js';
import { niceTicks } from './axis.js';
import { formatTime } from './format.js';

const WIDTH = 420;
const HEIGHT = 180;
const PAD = { left: 52, right: 30, top: 10, bottom: 24 };

/**
 * series: [{name, color, points: [{t (ms), v}]}]; format: a value's label; domain: the [start, end] of the
 * time axis (ms), shared by the charts of one page so their points line up.
 */
export function lineChart(title, series, format, domain) {
  const all = series.flatMap((x) => x.points).filter((p) => Number.isFinite(p.v));
  const figure = h('figure', { class: 'chart card' }, h('figcaption', {}, title));
  if (!all.length) {
    figure.append(h('p', { class: 'muted chart-empty' }, 'No data in this window'));
    return figure;
  }
  let [tMin, tMax] = domain ?? [Math.min(...all.map((p) => p.t)), Math.max(...all.map((p) => p.t))];
  if (tMax === tMin) { tMin -= 60e3; tMax += 60e3; }
  const vMax = Math.max(...all.map((p) => p.v)) * 1.1 || 1;
  const x = (t) => PAD.left + ((t - tMin) / (tMax - tMin)) * (WIDTH - PAD.left - PAD.right);
  const y = (v) => HEIGHT - PAD.bottom - (v / vMax) * (HEIGHT - PAD.top - PAD.bottom);
  const grid = niceTicks(0, vMax, 4).map((v) => s('g', { class: 'tick' },
    s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v) }),
    s('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v))));
  const times = niceTicks(tMin, tMax, 4).map((t) => s('text', { class: 'tick-label', x: x(t), y: HEIGHT - 6,
    'text-anchor': 'middle' }, formatTime(t)));
  const lines = series.map((line) => {
    const pts = line.points.filter((p) => Number.isFinite(p.v));
    return s('g', { class: 'series' },
      s('polyline', { points: pts.map((p) => `${x(p.t)},${y(p.v)}`).join(' '), stroke: line.color, fill: 'none',
        'stroke-width': 2 }),
      pts.map((p) => s('circle', { cx: x(p.t), cy: y(p.v), r: 2.5, fill: line.color },
        s('title', {}, `${line.name} at ${formatTime(p.t)}: ${format(p.v)}`))));
  });
  figure.append(s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title }, grid, times,
    s('line', { class: 'axis', x1: PAD.left, x2: WIDTH - PAD.right, y1: HEIGHT - PAD.bottom, y2: HEIGHT - PAD.bottom }),
    lines),
  h('ul', { class: 'chart-legend' }, series.map((line) => h('li', {},
    h('span', { class: 'swatch', style: { background: line.color } }), line.name))));
  return figure;
}
