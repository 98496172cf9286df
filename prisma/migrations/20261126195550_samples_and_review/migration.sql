-- CreateEnum
CREATE TYPE "SampleStatus" AS ENUM ('OBSERVED', 'DISCARDED', 'BLOCKED', 'PENDING', 'AUTO_APPROVED', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "ValueGrade" AS ENUM ('HIGH', 'LOW');

-- CreateEnum
CREATE TYPE "RejectReason" AS ENUM ('WRONG_CORRECTION', 'UNSAFE', 'PERSONAL_DATA', 'DUPLICATE', 'LOW_VALUE', 'OTHER');

-- CreateTable
CREATE TABLE "samples" (
    "id" UUID NOT NULL,
    "interaction_id" BIGINT NOT NULL,
    "agent_id" UUID NOT NULL,
    "pattern_id" UUID,
    "input" JSONB NOT NULL,
    "output" TEXT NOT NULL,
    "original_output" TEXT NOT NULL,
    "error_category" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "grade" "ValueGrade" NOT NULL,
    "grade_reason" TEXT NOT NULL,
    "stage" "Stage" NOT NULL,
    "status" "SampleStatus" NOT NULL,
    "status_reason" TEXT NOT NULL,
    "residual_pii" INTEGER NOT NULL DEFAULT 0,
    "prescreen_score" DOUBLE PRECISION,
    "prescreen_factors" JSONB,
    "locked_by_id" UUID,
    "locked_until" TIMESTAMPTZ(3),
    "claimed_at" TIMESTAMPTZ(3),
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "decision_seconds" DOUBLE PRECISION,
    "reject_reason" "RejectReason",
    "reject_note" TEXT,
    "edited" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sample_skips" (
    "sample_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sample_skips_pkey" PRIMARY KEY ("sample_id","user_id")
);

-- CreateTable
CREATE TABLE "prescreen_models" (
    "id" UUID NOT NULL,
    "trained_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decisions" INTEGER NOT NULL,
    "hold_out" INTEGER NOT NULL,
    "accuracy" DOUBLE PRECISION,
    "model" JSONB NOT NULL,

    CONSTRAINT "prescreen_models_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "samples_interaction_id_key" ON "samples"("interaction_id");

-- CreateIndex
CREATE INDEX "samples_status_grade_created_at_idx" ON "samples"("status", "grade", "created_at");

-- CreateIndex
CREATE INDEX "samples_pattern_id_idx" ON "samples"("pattern_id");

-- CreateIndex
CREATE INDEX "samples_decided_by_id_decided_at_idx" ON "samples"("decided_by_id", "decided_at");

-- CreateIndex
CREATE INDEX "samples_locked_by_id_idx" ON "samples"("locked_by_id");

-- CreateIndex
CREATE INDEX "prescreen_models_trained_at_idx" ON "prescreen_models"("trained_at" DESC);

-- AddForeignKey
ALTER TABLE "samples" ADD CONSTRAINT "samples_interaction_id_fkey" FOREIGN KEY ("interaction_id") REFERENCES "interactions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "samples" ADD CONSTRAINT "samples_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "samples" ADD CONSTRAINT "samples_pattern_id_fkey" FOREIGN KEY ("pattern_id") REFERENCES "error_patterns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sample_skips" ADD CONSTRAINT "sample_skips_sample_id_fkey" FOREIGN KEY ("sample_id") REFERENCES "samples"("id") ON DELETE CASCADE ON UPDATE CASCADE;

