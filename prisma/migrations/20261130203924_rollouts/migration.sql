-- CreateEnum
CREATE TYPE "RolloutStatus" AS ENUM ('RUNNING', 'PAUSED', 'PROMOTED', 'ROLLED_BACK', 'CONCLUDED');

-- CreateEnum
CREATE TYPE "RolloutKind" AS ENUM ('ROLLOUT', 'EXPERIMENT');

-- CreateEnum
CREATE TYPE "GateDecision" AS ENUM ('PASS', 'FAIL', 'INSUFFICIENT_DATA');

-- CreateTable
CREATE TABLE "rollouts" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "kind" "RolloutKind" NOT NULL DEFAULT 'ROLLOUT',
    "ends_at" TIMESTAMPTZ(3),
    "candidate_version_id" UUID NOT NULL,
    "baseline_version_id" UUID,
    "status" "RolloutStatus" NOT NULL DEFAULT 'RUNNING',
    "percent" DOUBLE PRECISION NOT NULL,
    "steps" DOUBLE PRECISION[],
    "step_index" INTEGER NOT NULL DEFAULT 0,
    "step_started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "window_minutes" INTEGER NOT NULL,
    "auto_promote" BOOLEAN NOT NULL,
    "on_fail" TEXT NOT NULL,
    "status_reason" TEXT NOT NULL DEFAULT '',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "rollouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollout_arm_counts" (
    "rollout_id" UUID NOT NULL,
    "step" INTEGER NOT NULL,
    "arm" TEXT NOT NULL,
    "interactions" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "latency_sum_ms" BIGINT NOT NULL DEFAULT 0,
    "latency_count" INTEGER NOT NULL DEFAULT 0,
    "latency_buckets" INTEGER[],
    "corrections_applied" INTEGER NOT NULL DEFAULT 0,
    "corrections_failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rollout_arm_counts_pkey" PRIMARY KEY ("rollout_id","step","arm")
);

-- CreateTable
CREATE TABLE "gate_evaluations" (
    "id" UUID NOT NULL,
    "rollout_id" UUID NOT NULL,
    "step" INTEGER NOT NULL,
    "percent" DOUBLE PRECISION NOT NULL,
    "decision" "GateDecision" NOT NULL,
    "result" JSONB NOT NULL,
    "action" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gate_evaluations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "snapshots" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "rollout_id" UUID,
    "reason" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "restored_at" TIMESTAMPTZ(3),

    CONSTRAINT "snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "breaker_trips" (
    "id" UUID NOT NULL,
    "capability" TEXT NOT NULL,
    "agent_id" UUID NOT NULL,
    "rollout_id" UUID,
    "applied" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "rate" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,

    CONSTRAINT "breaker_trips_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "rollouts_agent_id_created_at_idx" ON "rollouts"("agent_id", "created_at");

-- CreateIndex
CREATE INDEX "rollouts_status_idx" ON "rollouts"("status");

-- CreateIndex
CREATE INDEX "gate_evaluations_rollout_id_at_idx" ON "gate_evaluations"("rollout_id", "at");

-- CreateIndex
CREATE INDEX "snapshots_agent_id_taken_at_idx" ON "snapshots"("agent_id", "taken_at");

-- CreateIndex
CREATE INDEX "breaker_trips_acknowledged_at_idx" ON "breaker_trips"("acknowledged_at");

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollout_arm_counts" ADD CONSTRAINT "rollout_arm_counts_rollout_id_fkey" FOREIGN KEY ("rollout_id") REFERENCES "rollouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gate_evaluations" ADD CONSTRAINT "gate_evaluations_rollout_id_fkey" FOREIGN KEY ("rollout_id") REFERENCES "rollouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "snapshots" ADD CONSTRAINT "snapshots_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand (Prisma cannot express it): the circuit breaker reads a
-- capability's last applied remedies, newest first.
CREATE INDEX "interactions_remedy_capability_idx" ON "interactions" (split_part("remedy_id", '.', 1), "id" DESC) WHERE "remedy_id" IS NOT NULL;
