/**
 * The entries of one fortune file (the strfile format: entries separated by lines holding only %),
 * as plain text: line endings normalised to \n, UTF-8 decoded twice repaired, terminal overstriking
 * resolved (`_\bx` underlines x on a teletype; a backspace erases the character before it on its
 * line), other control characters but tab and newline removed (a few jokes ring the bell), a
 * byte-order mark dropped. Entries keep their inner spacing; blank lines around an entry and empty
 * entries are dropped.
 *
 * @example
 * parseFortuneFile('One.\n%\nTwo,\nlines.\n%\n'); // ['One.', 'Two,\nlines.']
 */
export function parseFortuneFile(content: string): string[] {
  const lines = normalizeText(content).split('\n');
  const entries: string[] = [];
  let current: string[] = [];
  const close = (): void => {
    const entry = trimBlankLines(current).join('\n');
    if (entry.trim() !== '') entries.push(entry);
    current = [];
  };
  for (const line of lines) {
    if (line === '%') close();
    else current.push(line);
  }
  close();
  return entries;
}

/**
 * Line endings to \n, text decoded twice repaired, overstrikes resolved, control characters but \t
 * and \n removed.
 */
export function normalizeText(content: string): string {
  const text = repairDoubleDecoding(content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  if (!/[\x00-\x08\x0B-\x1F\x7F-\x9F]/.test(text)) return text;
  const out: string[] = [];
  for (const character of text) {
    if (character === '\b') {
      if (out.length > 0 && out[out.length - 1] !== '\n') out.pop();
    } else if (character === '\t' || character === '\n' || !/[\x00-\x1F\x7F-\x9F]/.test(character)) {
      out.push(character);
    }
  }
  return out.join('');
}

/**
 * UTF-8 that was read as Latin-1 and saved again ("donâ\x80\x99t", twice over in Debian's law file
 * "Ã¢Â\x80Â\x99") back to what it said ("don’t"): a run of U+0080-U+00FF characters whose bytes are
 * valid UTF-8 is decoded, until nothing changes. Real Latin-1 words (é, ß, ü next to ASCII) are not
 * valid UTF-8 byte runs, so they stay.
 */
function repairDoubleDecoding(text: string): string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let current = text;
  for (let pass = 0; pass < 3; pass++) {
    const next = current.replace(/[\u0080-\u00FF]{2,}/g, (run) => {
      try {
        return decoder.decode(Uint8Array.from(run, (character) => character.charCodeAt(0)));
      } catch {
        return run;
      }
    });
    if (next === current) return current;
    current = next;
  }
  return current;
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}
