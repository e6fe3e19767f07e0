// Entry point: the routes of the single-page app and the navigation's current-page mark.
import { h, mount } from './dom.js';
import { currentParams, route, start } from './router.js';
import { searchView } from './views/search.js';
import { traceView } from './views/trace.js';
import { compareView } from './views/compare.js';
import { serviceMapView } from './views/service-map.js';
import { serviceHealthView } from './views/service-health.js';

const TITLES = { search: 'Search', trace: 'Trace', compare: 'Compare traces', map: 'Service map', health: 'Service health' };

route(/^(?:search)?$/, searchView);
route(/^trace\/([^/]+)$/, traceView);
route(/^compare$/, compareView);
route(/^map$/, serviceMapView);
route(/^health$/, serviceHealthView);

let running = null;

start(async (view, args, path) => {
  running?.abort();
  running = new AbortController();
  const outlet = document.getElementById('main');
  delete outlet.dataset.ready;
  const page = path.split('/')[0] || 'search';
  document.title = `${TITLES[page] ?? 'Not found'} · Spanvault`;
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === page) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  if (!view) {
    mount(outlet, h('div', { class: 'empty card' }, h('h1', {}, 'Page not found'), h('p', {}, `Nothing at /${path}. `,
      h('a', { href: 'search', 'data-link': true }, 'Search traces'))));
    return;
  }
  try {
    await view(outlet, args, currentParams(), running.signal);
    outlet.dataset.ready = page;
  } catch (e) {
    if (e.name !== 'AbortError') {
      mount(outlet, h('div', { class: 'error-box card', role: 'alert' }, h('strong', {}, `Something went wrong: ${e.message}`)));
      throw e;
    }
  }
});
