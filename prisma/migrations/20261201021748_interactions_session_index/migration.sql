-- CreateIndex
CREATE INDEX "interactions_session_id_idx" ON "interactions"("session_id");

