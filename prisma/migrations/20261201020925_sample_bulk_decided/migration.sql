-- AlterTable
ALTER TABLE "samples" ADD COLUMN     "bulk_decided" BOOLEAN NOT NULL DEFAULT false;

