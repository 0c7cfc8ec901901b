-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "nextSlotMs" REAL NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "WorkerHeartbeat" (
    "workerId" TEXT NOT NULL PRIMARY KEY,
    "tickedAt" DATETIME NOT NULL,
    "startedAt" DATETIME NOT NULL
);
