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
CREATE INDEX "Outcome_matchedAt_automationId_heldOut_status_idx" ON "Outcome"("matchedAt", "automationId", "heldOut", "status");

-- CreateIndex
CREATE INDEX "Outcome_invoiceId_idx" ON "Outcome"("invoiceId");

-- CreateIndex
CREATE INDEX "Outcome_subscriptionId_idx" ON "Outcome"("subscriptionId");

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_trigger_objectId_key" ON "Outcome"("trigger", "objectId");
