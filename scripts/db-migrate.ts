// Applies pending migrations to DATABASE_URL, or to the embedded server.
import { provideDatabase } from "@/lib/db/provide";

const db = await provideDatabase(console.log);
console.log(`Database is up to date (${db.embedded ? "embedded PostgreSQL" : "DATABASE_URL"}).`);
await db.release();
