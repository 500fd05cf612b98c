/** A LIKE pattern matching `term` anywhere, literally: % and _ typed by a user are not wildcards. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
