-- CreateTable
CREATE TABLE "Automation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "priority" INTEGER,
    "conditions" JSONB NOT NULL,
    "steps" JSONB NOT NULL,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "apiVersion" TEXT,
    "livemode" BOOLEAN NOT NULL DEFAULT false,
    "objectId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'stripe',
    "payload" JSONB NOT NULL,
    "causedByRunStepId" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "duplicateDeliveries" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "outcome" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "processedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "matchedAutomationId" TEXT,
    "runId" TEXT,
    "trace" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Evaluation_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Run" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    CONSTRAINT "Run_automationId_fkey" FOREIGN KEY ("automationId") REFERENCES "Automation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "blocking" BOOLEAN NOT NULL DEFAULT true,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "manualRetries" INTEGER NOT NULL DEFAULT 0,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "result" JSONB,
    "error" TEXT,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RunStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "runAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Settings" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'default',
    "defaultCurrency" TEXT NOT NULL DEFAULT 'usd',
    "exchangeRates" JSONB NOT NULL,
    "teamEmails" JSONB NOT NULL,
    "webhookEndpoints" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Automation_trigger_status_idx" ON "Automation"("trigger", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Automation_trigger_priority_key" ON "Automation"("trigger", "priority");

-- CreateIndex
CREATE INDEX "Event_status_receivedAt_idx" ON "Event"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "Event_receivedAt_idx" ON "Event"("receivedAt");

-- CreateIndex
CREATE INDEX "Event_objectId_idx" ON "Event"("objectId");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_runId_key" ON "Evaluation"("runId");

-- CreateIndex
CREATE INDEX "Evaluation_eventId_idx" ON "Evaluation"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_trigger_objectId_key" ON "Evaluation"("trigger", "objectId");

-- CreateIndex
CREATE INDEX "Run_automationId_status_createdAt_idx" ON "Run"("automationId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Run_automationId_createdAt_idx" ON "Run"("automationId", "createdAt");

-- CreateIndex
CREATE INDEX "Run_status_createdAt_idx" ON "Run"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Run_createdAt_idx" ON "Run"("createdAt");

-- CreateIndex
CREATE INDEX "Run_invoiceId_idx" ON "Run"("invoiceId");

-- CreateIndex
CREATE INDEX "Run_subscriptionId_idx" ON "Run"("subscriptionId");

-- CreateIndex
CREATE UNIQUE INDEX "Run_trigger_objectId_key" ON "Run"("trigger", "objectId");

-- CreateIndex
CREATE INDEX "RunStep_status_dueAt_idx" ON "RunStep"("status", "dueAt");

-- CreateIndex
CREATE INDEX "RunStep_runId_position_idx" ON "RunStep"("runId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "RunStep_runId_key_key" ON "RunStep"("runId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Job_key_key" ON "Job"("key");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");
