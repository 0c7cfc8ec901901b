-- AlterTable
ALTER TABLE "Automation" ADD COLUMN     "holdoutPercent" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Outcome" (
    "id" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "runId" TEXT,
    "heldOut" BOOLEAN NOT NULL DEFAULT false,
    "objectId" TEXT NOT NULL,
    "invoiceId" TEXT,
    "subscriptionId" TEXT,
    "matchedAt" TIMESTAMP(3) NOT NULL,
    "matchedWeek" INTEGER NOT NULL,
    "amountDue" INTEGER,
    "currency" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "followUntil" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "amountPaid" INTEGER,
    "paidCurrency" TEXT,
    "recoveredAmount" INTEGER,
    "recoveredCurrency" TEXT,
    "secondsToRecover" INTEGER,
    "hoursToRecover" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Outcome_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_runId_key" ON "Outcome"("runId");

-- CreateIndex
CREATE INDEX "Outcome_automationId_heldOut_status_matchedWeek_recoveredCu_idx" ON "Outcome"("automationId", "heldOut", "status", "matchedWeek", "recoveredCurrency", "trigger", "matchedAt", "recoveredAmount");

-- CreateIndex
CREATE INDEX "Outcome_status_heldOut_automationId_hoursToRecover_trigger__idx" ON "Outcome"("status", "heldOut", "automationId", "hoursToRecover", "trigger", "matchedAt");

-- CreateIndex
CREATE INDEX "Outcome_invoiceId_idx" ON "Outcome"("invoiceId");

-- CreateIndex
CREATE INDEX "Outcome_subscriptionId_idx" ON "Outcome"("subscriptionId");

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_trigger_objectId_key" ON "Outcome"("trigger", "objectId");
