-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Settings" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'default',
    "defaultCurrency" TEXT NOT NULL DEFAULT 'usd',
    "exchangeRates" JSONB NOT NULL,
    "teamEmails" JSONB NOT NULL,
    "webhookEndpoints" JSONB NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Settings" ("defaultCurrency", "exchangeRates", "id", "teamEmails", "updatedAt", "webhookEndpoints") SELECT "defaultCurrency", "exchangeRates", "id", "teamEmails", "updatedAt", "webhookEndpoints" FROM "Settings";
DROP TABLE "Settings";
ALTER TABLE "new_Settings" RENAME TO "Settings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
