-- CreateIndex
CREATE INDEX "event_user_agent_family_event_time_id_idx" ON "event"("user_agent_family", "event_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "event_access_key_id_idx" ON "event"("access_key_id");
