// Client-side routing with the History API; paths are relative to <base href>, so the UI works under base_path.

const routes = [];
let renderCurrent = () => {};

export function basePath() {
  return new URL(document.baseURI).pathname;
}

/** The current path below the base, without a leading slash ("trace/abc"). */
export function currentPath() {
  const base = basePath();
  const path = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : location.pathname;
  return decodeURIComponent(path.replace(/^\/+/, ''));
}

export function currentParams() {
  return new URLSearchParams(location.search);
}

/** Registers a view for paths matching a regular expression; its groups are passed to the view. */
export function route(pattern, view) {
  routes.push({ pattern, view });
}

export function href(path, params) {
  const query = params && [...params].length ? `?${params}` : '';
  return new URL(path + query, document.baseURI).toString();
}

export function navigate(path, params, { replace = false } = {}) {
  const url = href(path, params);
  if (url === location.href) return renderCurrent();
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  renderCurrent();
}

export function start(render) {
  renderCurrent = () => {
    const path = currentPath();
    for (const { pattern, view } of routes) {
      const match = pattern.exec(path);
      if (match) return render(view, match.slice(1), path);
    }
    return render(null, [], path);
  };
  window.addEventListener('popstate', renderCurrent);
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[data-link]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey
        || event.altKey || link.target) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    history.pushState(null, '', url);
    renderCurrent();
  });
  renderCurrent();
}
