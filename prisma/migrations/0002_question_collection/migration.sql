-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "collection" TEXT NOT NULL DEFAULT '';
