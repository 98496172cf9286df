-- CreateEnum
CREATE TYPE "Stage" AS ENUM ('OBSERVATION', 'SMALL_SCALE', 'FULL');

-- AlterTable
ALTER TABLE "agents" ADD COLUMN     "interaction_count" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "stage" "Stage" NOT NULL DEFAULT 'OBSERVATION',
ADD COLUMN     "stage_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "interactions" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" UUID NOT NULL,
    "external_id" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_intent" TEXT NOT NULL,
    "agent_action" TEXT NOT NULL,
    "api_response" JSONB NOT NULL,
    "retry_strategy" TEXT,
    "final_outcome" TEXT NOT NULL,
    "error_category" TEXT,
    "failed" BOOLEAN NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "latency_ms" INTEGER,
    "model_version" TEXT NOT NULL DEFAULT '',
    "correction" TEXT,
    "session_id" TEXT,
    "metadata" JSONB,
    "pattern_id" UUID,
    "pii_counts" JSONB,
    "pii_total" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "interactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "error_patterns" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "error_category" TEXT NOT NULL,
    "action_template" TEXT NOT NULL,
    "error_template" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "error_patterns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_daily" (
    "day" DATE NOT NULL,
    "agent_id" UUID NOT NULL,
    "model_version" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "latency_sum_ms" BIGINT NOT NULL DEFAULT 0,
    "latency_count" INTEGER NOT NULL DEFAULT 0,
    "latency_buckets" INTEGER[],
    "corrections_applied" INTEGER NOT NULL DEFAULT 0,
    "corrections_failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "agent_daily_pkey" PRIMARY KEY ("day","agent_id","model_version")
);

-- CreateTable
CREATE TABLE "pattern_daily" (
    "day" DATE NOT NULL,
    "pattern_id" UUID NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "pattern_daily_pkey" PRIMARY KEY ("pattern_id","day")
);

-- CreateIndex
CREATE INDEX "interactions_agent_id_occurred_at_idx" ON "interactions"("agent_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "interactions_pattern_id_occurred_at_idx" ON "interactions"("pattern_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "interactions_occurred_at_idx" ON "interactions"("occurred_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "interactions_agent_id_external_id_key" ON "interactions"("agent_id", "external_id");

-- CreateIndex
CREATE INDEX "error_patterns_last_seen_at_idx" ON "error_patterns"("last_seen_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "error_patterns_agent_id_fingerprint_key" ON "error_patterns"("agent_id", "fingerprint");

-- CreateIndex
CREATE INDEX "agent_daily_agent_id_day_idx" ON "agent_daily"("agent_id", "day");

-- CreateIndex
CREATE INDEX "pattern_daily_day_idx" ON "pattern_daily"("day");

-- AddForeignKey
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_pattern_id_fkey" FOREIGN KEY ("pattern_id") REFERENCES "error_patterns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "error_patterns" ADD CONSTRAINT "error_patterns_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pattern_daily" ADD CONSTRAINT "pattern_daily_pattern_id_fkey" FOREIGN KEY ("pattern_id") REFERENCES "error_patterns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

