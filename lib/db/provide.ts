import { dataDir, env } from "@/lib/env";
import { startEmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrate";

export interface ProvidedDatabase {
  url: string;
  embedded: boolean;
  release(): Promise<void>;
}

/**
 * The database every CacheTrail process (server, CLI, scripts) works on: DATABASE_URL
 * when set, else the embedded server under the data directory — migrated either way
 * (`migrate: false` leaves that to the caller: provideClient migrates through its client's pool).
 */
export async function provideDatabase(
  log: (line: string) => void = () => {},
  options: { migrate?: boolean } = {},
): Promise<ProvidedDatabase> {
  let provided: ProvidedDatabase;
  if (env.DATABASE_URL) {
    provided = { url: env.DATABASE_URL, embedded: false, release: async () => {} };
  } else {
    const server = await startEmbeddedPostgres({ dataDir, preferredPort: env.CACHETRAIL_PG_PORT, log });
    provided = { url: server.url, embedded: true, release: () => server.release() };
  }
  if (options.migrate === false) return provided;
  for (const name of await applyMigrations(provided.url)) log(`Applied migration ${name}`);
  return provided;
}
