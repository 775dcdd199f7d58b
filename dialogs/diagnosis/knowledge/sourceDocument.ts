import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
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
   * Line and column of a character inside the string value at `path`: `line` and `column` count within the
   * value (0-based). Block scalars (`|-`) start on the line after their indicator; quoted ones after the quote.
   */
  positionInValue(path: readonly PathSegment[], line: number, column: number): { line: number; column: number } {
    const node = this.#nodeAt(path, false);
    if (!isScalar(node) || !node.range) return this.positionOf(path);
    const start = this.#lines.linePos(node.range[0]);
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      const lineStart = this.#lines.lineStarts[start.line + line] ?? node.range[0];
      const indent = /^ */.exec(this.#text.slice(lineStart))?.[0].length ?? 0;
      return { line: start.line + line + 1, column: indent + column + 1 };
    }
    const quote = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
    return { line: start.line + line, column: start.col + quote + column };
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

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
