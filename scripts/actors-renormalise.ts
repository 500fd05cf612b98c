// npm run actors:renormalise — after an upgrade that changed the actor rules
// (lib/cloudtrail/actor.ts, docs/actors.md), re-derives every stored event's actor and recounts
// the actors involved. Ingests wait while it runs; running it twice changes nothing.
import { renormaliseActors } from "@/lib/actors/renormalise";
import { closePrismaClient } from "@/lib/db/create-client";
import { provideClient } from "@/lib/db/provide-client";

const { database, prisma } = await provideClient(console.error, 2);
try {
  const r = await renormaliseActors(prisma);
  const n = (v: number) => v.toLocaleString("en-US");
  console.log(
    `Read ${n(r.eventsRead)} events: ${n(r.eventsMoved)} moved to another actor, ` +
      `${n(r.actorsUpdated)} actors renamed or regrouped, ${n(r.actorsRemoved)} actors left without events removed.`,
  );
} finally {
  await closePrismaClient(prisma);
  await database.release();
}
