// Attribute tables, shared by span detail (attributes, resource, scope, events).
import { h } from './dom.js';

export function valueText(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A table of [key, value] pairs; `empty` is shown when there are none. */
export function keyValueTable(pairs, label, empty = 'none') {
  if (!pairs.length) return h('p', { class: 'muted' }, empty);
  return h('table', { class: 'kv', 'aria-label': label },
    h('tbody', {}, pairs.map(([key, value]) => h('tr', {}, h('th', { scope: 'row' }, key),
      h('td', {}, h('code', {}, valueText(value)))))));
}

/** OTLP/JSON AnyValue as a plain value. */
export function anyValue(v) {
  if (!v) return null;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return v.intValue;
  if ('doubleValue' in v) return v.doubleValue;
  if ('bytesValue' in v) return v.bytesValue;
  if ('arrayValue' in v) return (v.arrayValue.values ?? []).map(anyValue);
  if ('kvlistValue' in v) return Object.fromEntries((v.kvlistValue.values ?? []).map((kv) => [kv.key, anyValue(kv.value)]));
  return null;
}

export function otlpPairs(attributes) {
  return (attributes ?? []).map((kv) => [kv.key, anyValue(kv.value)]);
}
