// An actor's URL segment (/actors/<key>, /api/actors/<key>) → its key. Keys hold ARNs, so their
// "/" and ":" travel percent-encoded (actorUrl); Next.js may hand the segment over decoded or
// still encoded depending on the character, so it is decoded here once, leniently. Pure.
import { z } from "zod";

function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export const actorPathSchema = z
  .object({ key: z.string().min(1, "expected an actor key").max(4096, "at most 4096 characters") })
  .transform((p) => ({ key: decodedSegment(p.key) }));
