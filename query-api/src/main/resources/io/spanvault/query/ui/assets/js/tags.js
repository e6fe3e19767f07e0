// Attribute filters typed as Jaeger users type them: `http.status_code=500 error=true msg="not found"`.

/** {tags: [[key, value]...]} or {error} naming the problem. */
export function parseTags(text) {
  const tags = [];
  let i = 0;
  const input = text ?? '';
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i])) i++;
    if (i >= input.length) break;
    const keyStart = i;
    while (i < input.length && input[i] !== '=' && !/\s/.test(input[i])) i++;
    const key = input.slice(keyStart, i);
    if (input[i] !== '=' || key === '') {
      return { error: `"${key || input.slice(keyStart)}" is not key=value` };
    }
    i++;
    let value = '';
    if (input[i] === '"') {
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        value += input[i++];
      }
      if (input[i] !== '"') return { error: `the value of "${key}" has no closing quote` };
      i++;
    } else {
      const valueStart = i;
      while (i < input.length && !/\s/.test(input[i])) i++;
      value = input.slice(valueStart, i);
    }
    tags.push([key, value]);
  }
  return { tags };
}
