-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "automationId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "invoiceId" TEXT,
    "subscriptionId" TEXT,
    "customerId" TEXT,
    "eventId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "statusReason" TEXT,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "anchorAt" DATETIME NOT NULL,
    "snapshot" JSONB NOT NULL,
    "context" JSONB NOT NULL,
    "tookOverCollection" BOOLEAN NOT NULL DEFAULT false,
    "causedByRunId" TEXT,
    "chainDepth" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    CONSTRAINT "Run_automationId_fkey" FOREIGN KEY ("automationId") REFERENCES "Automation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("anchorAt", "automationId", "context", "createdAt", "customerId", "dryRun", "endedAt", "eventId", "id", "invoiceId", "objectId", "objectType", "snapshot", "status", "statusReason", "subscriptionId", "tookOverCollection", "trigger", "updatedAt") SELECT "anchorAt", "automationId", "context", "createdAt", "customerId", "dryRun", "endedAt", "eventId", "id", "invoiceId", "objectId", "objectType", "snapshot", "status", "statusReason", "subscriptionId", "tookOverCollection", "trigger", "updatedAt" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_automationId_status_createdAt_idx" ON "Run"("automationId", "status", "createdAt");
CREATE INDEX "Run_automationId_createdAt_idx" ON "Run"("automationId", "createdAt");
CREATE INDEX "Run_status_createdAt_idx" ON "Run"("status", "createdAt");
CREATE INDEX "Run_createdAt_idx" ON "Run"("createdAt");
CREATE INDEX "Run_invoiceId_idx" ON "Run"("invoiceId");
CREATE INDEX "Run_subscriptionId_idx" ON "Run"("subscriptionId");
CREATE UNIQUE INDEX "Run_trigger_objectId_key" ON "Run"("trigger", "objectId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
