-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "causedByRunId" TEXT,
ADD COLUMN     "chainDepth" INTEGER NOT NULL DEFAULT 0;
