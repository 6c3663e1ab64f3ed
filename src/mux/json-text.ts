/** One member of a JSON object as written: its key and where its value's text lies. */
export interface MemberSpan {
  key: string;
  start: number;
  end: number;
}

/**
 * Rewrites QEMU's single-quoted strings (and `\'` escapes) as standard JSON, so
 * `JSON.parse` accepts everything QEMU's parser accepts.
 */
export function toStandardQuotes(text: string): string {
  let out = '';
  let from = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote === 0) {
      if (c === 0x22 || c === 0x27) {
        quote = c;
        if (c === 0x27) {
          out += `${text.slice(from, i)}"`;
          from = i + 1;
        }
      }
    } else if (c === 0x5c) {
      if (text.charCodeAt(i + 1) === 0x27) {
        out += `${text.slice(from, i)}'`;
        from = i + 2;
      }
      i++;
    } else if (c === quote) {
      if (quote === 0x27) {
        out += `${text.slice(from, i)}"`;
        from = i + 1;
      }
      quote = 0;
    } else if (c === 0x22 && quote === 0x27) {
      out += `${text.slice(from, i)}\\"`;
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/**
 * The members of the top-level object in `text`, which must be valid JSON and
 * an object. Duplicate keys are kept (JSON.parse hides them; QEMU refuses them).
 */
export function topLevelMembers(text: string): MemberSpan[] {
  const members: MemberSpan[] = [];
  let i = skipBlanks(text, text.indexOf('{') + 1);
  while (i < text.length && text.charCodeAt(i) !== 0x7d) {
    const keyEnd = endOfString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const start = skipBlanks(text, skipBlanks(text, keyEnd) + 1);
    const end = endOfValue(text, start);
    members.push({ key, start, end });
    i = skipBlanks(text, end);
    if (text.charCodeAt(i) === 0x2c) i = skipBlanks(text, i + 1);
  }
  return members;
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** Index just past the string that starts at `i`. */
function endOfString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x22) return j + 1;
  }
  return text.length;
}

/** Index just past the value that starts at `i`. */
function endOfValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === 0x22) return endOfString(text, i);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x22) j = endOfString(text, j) - 1;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if ((c === 0x7d || c === 0x5d) && --depth === 0) return j + 1;
    }
    return text.length;
  }
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (
      c === 0x2c ||
      c === 0x7d ||
      c === 0x5d ||
      c === 0x20 ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x09
    )
      break;
    j++;
  }
  return j;
}

/**
 * QEMU's `desc` for a message its parser rejects, worked out from where
 * JSON.parse stopped. QEMU's wording for the common mistakes; `expecting
 * value` otherwise.
 */
export function describeParseError(text: string, error: unknown): string {
  const keyword = invalidKeyword(text);
  if (keyword) return `JSON parse error, invalid keyword '${keyword}'`;
  const message = error instanceof Error ? error.message : '';
  if (message.includes("Expected ':'")) return 'JSON parse error, missing : in object pair';
  if (message.includes("Expected ',' or '}'"))
    return 'JSON parse error, expected separator in dict';
  if (message.includes("Expected ',' or ']'"))
    return 'JSON parse error, expected separator in list';
  const position = Number(/position (\d+)/.exec(message)?.[1] ?? -1);
  if (message.includes('property name')) {
    return text[position] === '}'
      ? 'JSON parse error, expecting value'
      : 'JSON parse error, key is not a string in object';
  }
  if (message.includes('Bad control character') && position >= 0) {
    const from = text.lastIndexOf('"', position - 1);
    return `JSON parse error, stray '${text.slice(Math.max(from, 0), position + 1)}'`;
  }
  const token = /Unexpected token '(.)'/.exec(message)?.[1];
  if (token && !'{}[],:"'.includes(token) && !/[\d-]/.test(token))
    return `JSON parse error, stray '${token}'`;
  return 'JSON parse error, expecting value';
}

/** The first bare word outside strings that is not `true`, `false` or `null`. */
function invalidKeyword(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = endOfString(text, i) - 1;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      const word = /^[A-Za-z]+/.exec(text.slice(i, i + 64))![0];
      const before = text.charCodeAt(i - 1);
      // Letters inside a number (1e5) are not keywords.
      if (!(before >= 0x30 && before <= 0x39) && !(before === 0x2e)) {
        if (word !== 'true' && word !== 'false' && word !== 'null') return word;
      }
      i += word.length - 1;
    }
  }
  return undefined;
}

/** `text` (valid JSON) without the blanks outside strings. */
export function compactJson(text: string): string {
  if (!/[ \t\r\n]/.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = endOfString(text, i) - 1;
    else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return out + text.slice(from);
}
