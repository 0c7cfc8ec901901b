-- CreateTable
CREATE TABLE "Outcome" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "automationId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "runId" TEXT,
    "heldOut" BOOLEAN NOT NULL DEFAULT false,
    "objectId" TEXT NOT NULL,
    "invoiceId" TEXT,
    "subscriptionId" TEXT,
    "matchedAt" DATETIME NOT NULL,
    "matchedWeek" INTEGER NOT NULL,
    "amountDue" INTEGER,
    "currency" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "followUntil" DATETIME,
    "resolvedAt" DATETIME,
    "amountPaid" INTEGER,
    "paidCurrency" TEXT,
    "recoveredAmount" INTEGER,
    "recoveredCurrency" TEXT,
    "secondsToRecover" INTEGER,
    "hoursToRecover" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Automation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "shadow" BOOLEAN NOT NULL DEFAULT false,
    "priority" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "holdoutPercent" INTEGER NOT NULL DEFAULT 0,
    "conditions" JSONB NOT NULL,
    "steps" JSONB NOT NULL,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Automation" ("conditions", "createdAt", "deletedAt", "id", "name", "priority", "shadow", "status", "steps", "trigger", "updatedAt", "version") SELECT "conditions", "createdAt", "deletedAt", "id", "name", "priority", "shadow", "status", "steps", "trigger", "updatedAt", "version" FROM "Automation";
DROP TABLE "Automation";
ALTER TABLE "new_Automation" RENAME TO "Automation";
CREATE INDEX "Automation_trigger_status_idx" ON "Automation"("trigger", "status");
CREATE UNIQUE INDEX "Automation_trigger_priority_key" ON "Automation"("trigger", "priority");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_runId_key" ON "Outcome"("runId");

-- CreateIndex
CREATE INDEX "Outcome_automationId_heldOut_status_matchedWeek_recoveredCurrency_trigger_matchedAt_recoveredAmount_idx" ON "Outcome"("automationId", "heldOut", "status", "matchedWeek", "recoveredCurrency", "trigger", "matchedAt", "recoveredAmount");

-- CreateIndex
CREATE INDEX "Outcome_status_heldOut_automationId_hoursToRecover_trigger_matchedAt_idx" ON "Outcome"("status", "heldOut", "automationId", "hoursToRecover", "trigger", "matchedAt");

-- CreateIndex
CREATE INDEX "Outcome_invoiceId_idx" ON "Outcome"("invoiceId");

-- CreateIndex
CREATE INDEX "Outcome_subscriptionId_idx" ON "Outcome"("subscriptionId");

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_trigger_objectId_key" ON "Outcome"("trigger", "objectId");
