/**
 * An S-expression as an indented tree, one node per line:
 *
 *   (mul answer (ifpos x0 1 truth))   →   mul
 *                                           answer
 *                                           ifpos
 *                                             x0
 *                                             1
 *                                             truth
 *
 * It works on the text alone (no primitive set), so it can show any genome a log holds.
 * Text that does not parse is returned as one line.
 */
export function sexprTree(text: string, indent = '  '): string[] {
  const tokens = text.match(/[()]|[^\s()]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '(') {
      const head = tokens[i + 1];
      if (head === undefined || head === '(' || head === ')') return [text];
      lines.push(indent.repeat(depth) + head);
      depth++;
      i++;
    } else if (t === ')') {
      depth--;
      if (depth < 0) return [text];
    } else {
      lines.push(indent.repeat(depth) + t);
    }
  }
  return depth === 0 ? lines : [text];
}
