-- AlterTable
ALTER TABLE "samples" ADD COLUMN     "author_id" UUID;

