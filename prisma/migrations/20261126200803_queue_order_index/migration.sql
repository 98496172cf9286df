-- DropIndex
DROP INDEX "samples_status_grade_created_at_idx";

-- CreateIndex
CREATE INDEX "samples_status_grade_created_at_id_idx" ON "samples"("status", "grade", "created_at", "id");

