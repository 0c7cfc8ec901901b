-- AlterTable
ALTER TABLE "Automation" ADD COLUMN     "shadow" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ShadowEvaluation" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "matched" BOOLEAN NOT NULL,
    "trace" JSONB NOT NULL,
    "steps" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShadowEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShadowEvaluation_automationId_createdAt_idx" ON "ShadowEvaluation"("automationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ShadowEvaluation_eventId_trigger_automationId_key" ON "ShadowEvaluation"("eventId", "trigger", "automationId");

-- AddForeignKey
ALTER TABLE "ShadowEvaluation" ADD CONSTRAINT "ShadowEvaluation_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
