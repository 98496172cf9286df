-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ModelKind" AS ENUM ('BUILTIN', 'EXTERNAL');

-- CreateEnum
CREATE TYPE "SafetyStatus" AS ENUM ('PENDING', 'PASS', 'FAIL');

-- CreateEnum
CREATE TYPE "KnowledgeOrigin" AS ENUM ('SAMPLES', 'PACK');

-- CreateEnum
CREATE TYPE "EvidenceKind" AS ENUM ('APPROVED', 'REJECTED');

-- AlterTable
ALTER TABLE "agents" ADD COLUMN     "serving_model_version_id" UUID;

-- AlterTable
ALTER TABLE "interactions" ADD COLUMN     "remedy_id" TEXT;

-- CreateTable
CREATE TABLE "remedy_daily" (
    "day" DATE NOT NULL,
    "remedy_id" TEXT NOT NULL,
    "applied" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "remedy_daily_pkey" PRIMARY KEY ("remedy_id","day")
);

-- CreateTable
CREATE TABLE "knowledge_entries" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "pattern_id" UUID NOT NULL,
    "correction_key" TEXT NOT NULL,
    "correction" TEXT NOT NULL,
    "intents" JSONB NOT NULL DEFAULT '{}',
    "approvals" INTEGER NOT NULL DEFAULT 0,
    "rejections" INTEGER NOT NULL DEFAULT 0,
    "confidence_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "confidence" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "origin" "KnowledgeOrigin" NOT NULL DEFAULT 'SAMPLES',
    "version" INTEGER NOT NULL DEFAULT 1,
    "edited_by_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "knowledge_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "knowledge_evidence" (
    "entry_id" UUID NOT NULL,
    "sample_id" UUID NOT NULL,
    "kind" "EvidenceKind" NOT NULL,
    "reviewer_id" UUID,
    "confidence" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "knowledge_evidence_pkey" PRIMARY KEY ("entry_id","sample_id")
);

-- CreateTable
CREATE TABLE "distillation_runs" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "scope" JSONB NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "progress_note" TEXT,
    "sample_count" INTEGER NOT NULL DEFAULT 0,
    "estimated_cost" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "metrics" JSONB,
    "failure_reason" TEXT,
    "job_id" BIGINT,
    "started_by_id" UUID,
    "started_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "distillation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "distillation_run_samples" (
    "run_id" UUID NOT NULL,
    "sample_id" UUID NOT NULL,
    "hold_out" BOOLEAN NOT NULL,

    CONSTRAINT "distillation_run_samples_pkey" PRIMARY KEY ("run_id","sample_id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "kind" "ModelKind" NOT NULL,
    "run_id" UUID,
    "weights" JSONB,
    "artifact_uri" TEXT,
    "metrics" JSONB NOT NULL,
    "hold_out_accuracy" DOUBLE PRECISION,
    "sandbox_success_rate" DOUBLE PRECISION,
    "sandbox" JSONB,
    "safety_status" "SafetyStatus" NOT NULL DEFAULT 'PENDING',
    "safety_report" JSONB,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "access_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "serving_state" (
    "name" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "serving_state_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "remedy_daily_day_idx" ON "remedy_daily"("day");

-- CreateIndex
CREATE INDEX "knowledge_entries_agent_id_updated_at_idx" ON "knowledge_entries"("agent_id", "updated_at");

-- CreateIndex
CREATE INDEX "knowledge_entries_updated_at_id_idx" ON "knowledge_entries"("updated_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "knowledge_entries_pattern_id_correction_key_key" ON "knowledge_entries"("pattern_id", "correction_key");

-- CreateIndex
CREATE INDEX "knowledge_evidence_sample_id_idx" ON "knowledge_evidence"("sample_id");

-- CreateIndex
CREATE INDEX "distillation_runs_created_at_id_idx" ON "distillation_runs"("created_at", "id");

-- CreateIndex
CREATE INDEX "distillation_runs_status_idx" ON "distillation_runs"("status");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_run_id_key" ON "model_versions"("run_id");

-- CreateIndex
CREATE INDEX "model_versions_created_at_id_idx" ON "model_versions"("created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_agent_id_version_key" ON "model_versions"("agent_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "access_tokens_prefix_key" ON "access_tokens"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "access_tokens_hash_key" ON "access_tokens"("hash");

-- CreateIndex
CREATE INDEX "access_tokens_user_id_idx" ON "access_tokens"("user_id");

-- AddForeignKey
ALTER TABLE "agents" ADD CONSTRAINT "agents_serving_model_version_id_fkey" FOREIGN KEY ("serving_model_version_id") REFERENCES "model_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_entries" ADD CONSTRAINT "knowledge_entries_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_entries" ADD CONSTRAINT "knowledge_entries_pattern_id_fkey" FOREIGN KEY ("pattern_id") REFERENCES "error_patterns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_evidence" ADD CONSTRAINT "knowledge_evidence_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "knowledge_entries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_evidence" ADD CONSTRAINT "knowledge_evidence_sample_id_fkey" FOREIGN KEY ("sample_id") REFERENCES "samples"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distillation_runs" ADD CONSTRAINT "distillation_runs_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distillation_run_samples" ADD CONSTRAINT "distillation_run_samples_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "distillation_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "distillation_run_samples" ADD CONSTRAINT "distillation_run_samples_sample_id_fkey" FOREIGN KEY ("sample_id") REFERENCES "samples"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "distillation_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

