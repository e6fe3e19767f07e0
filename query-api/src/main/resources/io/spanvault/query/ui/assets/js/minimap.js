// An overview of a long trace: every span as a thin line on a canvas, the rows in view as a window; click to jump.
import { h } from './dom.js';
import { serviceColor } from './colors.js';

const HEIGHT = 64;

export function createMinimap(model, onJump) {
  const canvas = h('canvas', { class: 'minimap-canvas', height: HEIGHT, 'aria-hidden': 'true' });
  const windowEl = h('div', { class: 'minimap-window' });
  const el = h('div', { class: 'minimap card', role: 'slider', tabindex: 0, 'aria-label': 'Position in the trace',
    'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, canvas, windowEl);
  let position = 0;

  const draw = () => {
    const width = el.clientWidth || 800;
    canvas.width = width;
    const ctx = canvas.getContext('2d');
    ctx.clearRect(0, 0, width, HEIGHT);
    const n = model.spans.length;
    const rowHeight = Math.max(HEIGHT / n, 0.5);
    for (const span of model.spans) {
      ctx.fillStyle = span.error ? '#dc2626' : serviceColor(span.service);
      const x = ((span.start - model.start) / (model.duration || 1)) * width;
      const w = Math.max(1, (span.duration / (model.duration || 1)) * width);
      ctx.fillRect(x, (span.index / n) * HEIGHT, w, Math.max(rowHeight, 1));
    }
  };

  const jump = (clientY, clientX) => {
    const rect = el.getBoundingClientRect();
    onJump(Math.max(0, Math.min(1, (clientY - rect.top) / rect.height || (clientX - rect.left) / rect.width)));
  };
  el.addEventListener('click', (e) => jump(e.clientY, e.clientX));
  el.addEventListener('keydown', (e) => {
    const step = { ArrowDown: 0.05, ArrowUp: -0.05, PageDown: 0.2, PageUp: -0.2 }[e.key];
    if (step) { e.preventDefault(); onJump(Math.max(0, Math.min(1, position + step))); }
  });

  return {
    el,
    draw,
    /** The rows in view: first row, rows in view, rows in total (of the rows not hidden by collapsing). */
    update(first, count, total) {
      position = total ? first / total : 0;
      windowEl.style.top = `${Math.min(100, 100 * position)}%`;
      windowEl.style.height = `${Math.max(4, Math.min(100, (100 * count) / (total || 1)))}%`;
      el.setAttribute('aria-valuenow', String(Math.round(100 * position)));
    },
  };
}
