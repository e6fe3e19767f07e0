// Human-readable durations and times; durations are microseconds as in Jaeger's JSON.

export function formatDuration(micros) {
  if (!Number.isFinite(micros)) return '–';
  const abs = Math.abs(micros);
  if (abs < 1000) return `${trim(micros)}µs`;
  if (abs < 1_000_000) return `${trim(micros / 1000)}ms`;
  if (abs < 60_000_000) return `${trim(micros / 1_000_000)}s`;
  const minutes = Math.floor(abs / 60_000_000);
  const seconds = Math.round((abs % 60_000_000) / 1_000_000);
  return `${micros < 0 ? '-' : ''}${minutes}m ${seconds}s`;
}

function trim(value) {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return Number(value.toFixed(digits)).toString();
}

const RELATIVE = [
  ['year', 365 * 86400], ['month', 30 * 86400], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1],
];
const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago" for a time in epoch milliseconds. */
export function relativeTime(epochMillis, now = Date.now()) {
  const seconds = (epochMillis - now) / 1000;
  for (const [unit, size] of RELATIVE) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relativeFormat.format(Math.round(seconds / size), unit);
    }
  }
  return '';
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatDateTime(epochMillis) {
  return dateTime.format(new Date(epochMillis));
}

export function formatTime(epochMillis) {
  return timeOnly.format(new Date(epochMillis));
}

export function formatNumber(value, digits = 2) {
  if (!Number.isFinite(value)) return '–';
  return Number(value.toFixed(digits)).toLocaleString('en');
}

/** Three significant digits, for rates that may be far below one. */
export function formatSignificant(value) {
  if (!Number.isFinite(value)) return '–';
  return value === 0 ? '0' : Number(value.toPrecision(3)).toLocaleString('en', { maximumSignificantDigits: 3 });
}

export function plural(count, word) {
  return `${count.toLocaleString('en')} ${word}${count === 1 ? '' : 's'}`;
}

/** A short form of a trace id for lists: its first 7 hex digits, as git does for commits. */
export function shortId(id) {
  return id.length > 7 ? id.slice(0, 7) : id;
}
