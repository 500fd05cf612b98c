// Runs once when the Next.js server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ db }, { startResourceSweeper }] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/resources/sweeper"),
  ]);
  startResourceSweeper(db);
}
