import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Problem } from './problem.ts';

export type PathSegment = string | number;

/** A parsed YAML file that can say where any value in it is. */
export class SourceDocument {
  readonly file: string;
  readonly data: unknown;
  readonly problems: Problem[] = [];
  readonly #doc: Document;
  readonly #lines = new LineCounter();
  readonly #text: string;

  constructor(file: string, text: string) {
    this.file = file;
    this.#text = text;
    this.#doc = parseDocument(text, { lineCounter: this.#lines, prettyErrors: false, uniqueKeys: true });
    for (const error of [...this.#doc.errors, ...this.#doc.warnings]) {
      const { line, col } = this.#lines.linePos(error.pos[0]);
      this.problems.push({ file, line, column: col, message: `YAML ${error.code}: ${firstLine(error.message)}`, hint: 'fix the YAML syntax' });
    }
    // A " #" in an unquoted value starts a comment: "(since|after) [the] # (x)" would silently become "(since|after)
    // [the]" and match nearly anything. The knowledge puts comments on lines of their own, so a comment after a plain
    // value on its line is this mistake.
    visit(this.#doc, {
      Scalar: (_key, node) => {
        if (node.type !== 'PLAIN' || !node.comment || !node.range) return;
        const { line, col } = this.#lines.linePos(node.range[0]);
        this.problems.push({ file, line, column: col, message: `"${String(node.value)}" is followed by a comment ("#${firstLine(node.comment)}"): the value ends at " #"`, hint: 'quote the value if the # belongs to it, or put the comment on a line of its own above it' });
      },
    });
    this.data = this.#doc.errors.length > 0 ? undefined : (this.#doc.toJS() as unknown);
  }

  /** Line and column of the value at `path` (or of the nearest enclosing value that exists). */
  positionOf(path: readonly PathSegment[], key = false): { line: number; column: number } {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = this.#nodeAt(path.slice(0, depth), key && depth === path.length);
      if (node?.range) {
        const { line, col } = this.#lines.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return { line: 1, column: 1 };
  }

  /**
   * Line and column of the character at `offset` in the string value at `path`. Block scalars (`|-`) start
   * on the line after their indicator; in quoted scalars an escape takes two source characters.
   */
  positionInValue(path: readonly PathSegment[], offset: number): { line: number; column: number } {
    const node = this.#nodeAt(path, false);
    if (!isScalar(node) || !node.range || typeof node.value !== 'string') return this.positionOf(path);
    const start = this.#lines.linePos(node.range[0]);
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      const before = node.value.slice(0, offset).split('\n');
      const line = before.length - 1;
      const lineStart = this.#lines.lineStarts[start.line + line] ?? node.range[0];
      const indent = /^ */.exec(this.#text.slice(lineStart))?.[0].length ?? 0;
      return { line: start.line + line + 1, column: indent + (before.at(-1)?.length ?? 0) + 1 };
    }
    if (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE') return { line: start.line, column: start.col + offset };
    return { line: start.line, column: start.col + 1 + quotedWidth(this.#text.slice(node.range[0] + 1), node.type, offset) };
  }

  /** A problem located at `path`. */
  problemAt(path: readonly PathSegment[], message: string, extra: { id?: string; hint?: string; key?: boolean } = {}): Problem {
    const { line, column } = this.positionOf(path, extra.key);
    return { file: this.file, line, column, message, ...(extra.id ? { id: extra.id } : {}), ...(extra.hint ? { hint: extra.hint } : {}) };
  }

  #nodeAt(path: readonly PathSegment[], wantKey: boolean): Node | undefined {
    let node: unknown = this.#doc.contents;
    for (const [index, segment] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return undefined;
        node = wantKey && index === path.length - 1 ? pair.key : pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        return undefined;
      }
    }
    return node as Node | undefined;
  }
}

/** Source characters taken by the first `count` characters of a quoted value (escapes take two). */
function quotedWidth(source: string, type: 'QUOTE_DOUBLE' | 'QUOTE_SINGLE', count: number): number {
  let width = 0;
  for (let seen = 0; seen < count && width < source.length; seen += 1) {
    const escaped = type === 'QUOTE_DOUBLE' ? source[width] === '\\' : source.startsWith("''", width);
    width += escaped ? 2 : 1;
  }
  return width;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
