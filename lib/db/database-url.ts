/**
 * The same server's URL for another database. Through the URL API: the embedded server's URL ends
 * in `?host=<socket directory>`, so the database name is not the end of the string.
 */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
