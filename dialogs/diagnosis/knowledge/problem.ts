/** One thing wrong in the knowledge files, with where it is. */
export type Problem = { file: string; line: number; column: number; id?: string; message: string; hint?: string };

/** `file:line:column id: message (hint)`, the format kb:check prints. */
export function formatProblem(problem: Problem): string {
  const id = problem.id ? ` ${problem.id}` : '';
  const hint = problem.hint ? ` (${problem.hint})` : '';
  return `${problem.file}:${problem.line}:${problem.column}${id}: ${problem.message}${hint}`;
}

/** Sorts problems by file, then position, so output is stable. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
