-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "jobs" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL,
    "run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "lease_token" UUID,
    "locked_by" TEXT,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "progress_note" TEXT,
    "result" JSONB,
    "last_error" TEXT,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "singleton_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "jobs_status_run_at_idx" ON "jobs"("status", "run_at");

-- CreateIndex
CREATE INDEX "jobs_created_at_id_idx" ON "jobs"("created_at", "id");


-- Written by hand: Prisma cannot express a partial index. At most one QUEUED or
-- RUNNING job per singleton key; enqueue's ON CONFLICT names this predicate.
CREATE UNIQUE INDEX "jobs_singleton_key_live_key" ON "jobs"("singleton_key") WHERE "status" IN ('QUEUED', 'RUNNING');
