-- CreateTable
CREATE TABLE "ConfigStamp" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "stamp" TEXT NOT NULL
);

-- The stamp is new after every write to an automation or to the settings, in the writing
-- transaction itself: a reader that sees the new stamp sees the write. It is random, never a
-- counter, so a table emptied and filled again (a reset) can never bring back a stamp a cache holds.
INSERT INTO "ConfigStamp" ("key", "stamp") VALUES ('matching', lower(hex(randomblob(16))));
CREATE TRIGGER "Automation_insert_renews_config_stamp" AFTER INSERT ON "Automation"
BEGIN INSERT INTO "ConfigStamp" ("key", "stamp") VALUES ('matching', lower(hex(randomblob(16)))) ON CONFLICT ("key") DO UPDATE SET "stamp" = excluded."stamp"; END;
CREATE TRIGGER "Automation_update_renews_config_stamp" AFTER UPDATE ON "Automation"
BEGIN INSERT INTO "ConfigStamp" ("key", "stamp") VALUES ('matching', lower(hex(randomblob(16)))) ON CONFLICT ("key") DO UPDATE SET "stamp" = excluded."stamp"; END;
CREATE TRIGGER "Automation_delete_renews_config_stamp" AFTER DELETE ON "Automation"
BEGIN INSERT INTO "ConfigStamp" ("key", "stamp") VALUES ('matching', lower(hex(randomblob(16)))) ON CONFLICT ("key") DO UPDATE SET "stamp" = excluded."stamp"; END;
CREATE TRIGGER "Settings_insert_renews_config_stamp" AFTER INSERT ON "Settings"
BEGIN INSERT INTO "ConfigStamp" ("key", "stamp") VALUES ('matching', lower(hex(randomblob(16)))) ON CONFLICT ("key") DO UPDATE SET "stamp" = excluded."stamp"; END;
CREATE TRIGGER "Settings_update_renews_config_stamp" AFTER UPDATE ON "Settings"
BEGIN INSERT INTO "ConfigStamp" ("key", "stamp") VALUES ('matching', lower(hex(randomblob(16)))) ON CONFLICT ("key") DO UPDATE SET "stamp" = excluded."stamp"; END;
CREATE TRIGGER "Settings_delete_renews_config_stamp" AFTER DELETE ON "Settings"
BEGIN INSERT INTO "ConfigStamp" ("key", "stamp") VALUES ('matching', lower(hex(randomblob(16)))) ON CONFLICT ("key") DO UPDATE SET "stamp" = excluded."stamp"; END;
