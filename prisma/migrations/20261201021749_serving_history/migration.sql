-- CreateTable
CREATE TABLE "serving_changes" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" UUID NOT NULL,
    "model_version_id" UUID,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "serving_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "serving_changes_agent_id_started_at_idx" ON "serving_changes"("agent_id", "started_at");

-- AddForeignKey
ALTER TABLE "serving_changes" ADD CONSTRAINT "serving_changes_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "serving_changes" ADD CONSTRAINT "serving_changes_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- History starts now: what each agent serves today.
INSERT INTO "serving_changes" ("agent_id", "model_version_id")
SELECT "id", "serving_model_version_id" FROM "agents" WHERE "serving_model_version_id" IS NOT NULL;
