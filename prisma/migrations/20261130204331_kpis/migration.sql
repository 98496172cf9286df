-- AlterTable
ALTER TABLE "agent_daily" ADD COLUMN     "remedy_latency_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "remedy_latency_sum_ms" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "knowledge_entries" ADD COLUMN     "activated_at" TIMESTAMPTZ(3);

