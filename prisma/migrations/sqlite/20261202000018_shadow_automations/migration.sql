-- CreateTable
CREATE TABLE "ShadowEvaluation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "matched" BOOLEAN NOT NULL,
    "trace" JSONB NOT NULL,
    "steps" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ShadowEvaluation_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
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
    "conditions" JSONB NOT NULL,
    "steps" JSONB NOT NULL,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Automation" ("conditions", "createdAt", "deletedAt", "id", "name", "priority", "status", "steps", "trigger", "updatedAt") SELECT "conditions", "createdAt", "deletedAt", "id", "name", "priority", "status", "steps", "trigger", "updatedAt" FROM "Automation";
DROP TABLE "Automation";
ALTER TABLE "new_Automation" RENAME TO "Automation";
CREATE INDEX "Automation_trigger_status_idx" ON "Automation"("trigger", "status");
CREATE UNIQUE INDEX "Automation_trigger_priority_key" ON "Automation"("trigger", "priority");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ShadowEvaluation_automationId_createdAt_idx" ON "ShadowEvaluation"("automationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ShadowEvaluation_eventId_trigger_automationId_key" ON "ShadowEvaluation"("eventId", "trigger", "automationId");
