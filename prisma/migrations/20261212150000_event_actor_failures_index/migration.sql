-- The Security view's "failures by principal" shows each top (principal, error code) pair's latest message:
-- the newest failed call of that actor with that code in the period. Found through (actor_id, event_time, id),
-- it read all of a busy actor's calls in the period to find its few failures: 70 ms a pair, 1.0-1.6 s for the
-- twenty pairs of the busiest account or the quietest region at 1 M events (docs/benchmarks.md, session 20).
-- Failures only (a few per cent of events), so successes never pay for it at ingest.
CREATE INDEX "event_actor_id_error_code_event_time_id_idx" ON "event"("actor_id", "error_code", "event_time" DESC, "id" DESC) WHERE (error_code IS NOT NULL);
