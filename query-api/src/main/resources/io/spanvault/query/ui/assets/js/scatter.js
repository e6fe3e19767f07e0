// The search results' duration-over-time scatter plot (SVG); a point opens its trace.
import { s } from './dom.js';
import { niceTicks } from './axis.js';
import { formatDuration, formatTime, plural } from './format.js';

const WIDTH = 900;
const HEIGHT = 200;
const PAD = { left: 64, right: 16, top: 12, bottom: 28 };

export function scatterPlot(results, onOpen) {
  const xs = results.map((r) => r.start / 1000);
  const ys = results.map((r) => r.duration);
  let xMin = Math.min(...xs);
  let xMax = Math.max(...xs);
  if (xMax === xMin) { xMin -= 30e3; xMax += 30e3; }
  const yMax = Math.max(...ys) * 1.1 || 1;
  const x = (v) => PAD.left + ((v - xMin) / (xMax - xMin)) * (WIDTH - PAD.left - PAD.right);
  const y = (v) => HEIGHT - PAD.bottom - (v / yMax) * (HEIGHT - PAD.top - PAD.bottom);
  const maxSpans = Math.max(...results.map((r) => r.spanCount));

  const grid = niceTicks(0, yMax, 4).map((t) => s('g', { class: 'tick' },
    s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(t), y2: y(t) }),
    s('text', { x: PAD.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, t === 0 ? '0' : formatDuration(t))));
  const timeTicks = niceTicks(xMin, xMax, 6).map((t) => s('text', { class: 'tick-label', x: x(t), y: HEIGHT - 8,
    'text-anchor': 'middle' }, formatTime(t)));
  const points = results.map((r) => {
    const label = `${r.rootService}: ${r.rootName}, ${formatDuration(r.duration)}, ${plural(r.spanCount, 'span')}`
      + (r.errors ? `, ${plural(r.errors, 'error')}` : '');
    const open = () => onOpen(r);
    return s('circle', {
      class: `point${r.errors ? ' error' : ''}`, cx: x(r.start / 1000), cy: y(r.duration),
      r: 4 + (maxSpans > 1 ? 6 * Math.sqrt((r.spanCount - 1) / (maxSpans - 1)) : 0),
      tabindex: 0, role: 'link', 'aria-label': label, 'data-trace-id': r.id,
      onClick: open, onKeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } },
    }, s('title', {}, label));
  });
  return s('svg', { class: 'scatter', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'group',
    'aria-label': 'Trace durations over time; each point is a trace' }, grid, timeTicks,
  s('line', { class: 'axis', x1: PAD.left, x2: WIDTH - PAD.right, y1: HEIGHT - PAD.bottom, y2: HEIGHT - PAD.bottom }),
  points);
}
