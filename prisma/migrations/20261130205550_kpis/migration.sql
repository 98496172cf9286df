-- AlterTable
ALTER TABLE "agent_daily" ADD COLUMN     "remedy_latency_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "remedy_latency_sum_ms" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "knowledge_entries" ADD COLUMN     "activated_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "review_daily" (
    "day" DATE NOT NULL,
    "agent_id" UUID NOT NULL,
    "decisions" INTEGER NOT NULL DEFAULT 0,
    "timed_decisions" INTEGER NOT NULL DEFAULT 0,
    "decision_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "review_daily_pkey" PRIMARY KEY ("day","agent_id")
);

-- CreateIndex
CREATE INDEX "knowledge_entries_activated_at_idx" ON "knowledge_entries"("activated_at");


-- Written by hand: the decisions reviewers made before this table existed.
INSERT INTO "review_daily" ("day", "agent_id", "decisions", "timed_decisions", "decision_seconds")
SELECT ("decided_at" AT TIME ZONE 'UTC')::date, "agent_id", COUNT(*), COUNT("decision_seconds"), COALESCE(SUM("decision_seconds"), 0)
  FROM "samples" WHERE "decided_by_id" IS NOT NULL AND "decided_at" IS NOT NULL
 GROUP BY 1, 2;
