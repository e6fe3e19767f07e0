// Find-in-trace: the spans whose name, service, ids, attributes or event fields contain a text.

function valueText(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function spanMatches(span, needle) {
  const hit = (text) => text != null && String(text).toLowerCase().includes(needle);
  if (hit(span.name) || hit(span.service) || hit(span.id)) return true;
  for (const tag of span.tags) if (hit(tag.key) || hit(valueText(tag.value))) return true;
  for (const tag of span.process.tags ?? []) if (hit(tag.key) || hit(valueText(tag.value))) return true;
  for (const log of span.logs) for (const f of log.fields) if (hit(f.key) || hit(valueText(f.value))) return true;
  return false;
}

/** The matching spans in tree order; empty for an empty text. */
export function findSpans(model, text) {
  const needle = text.trim().toLowerCase();
  return needle ? model.spans.filter((span) => spanMatches(span, needle)) : [];
}
