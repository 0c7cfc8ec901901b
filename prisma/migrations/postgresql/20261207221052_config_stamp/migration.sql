-- CreateTable
CREATE TABLE "ConfigStamp" (
    "key" TEXT NOT NULL,
    "stamp" TEXT NOT NULL,

    CONSTRAINT "ConfigStamp_pkey" PRIMARY KEY ("key")
);

-- The stamp is new after every write to an automation or to the settings, in the writing
-- transaction itself: a reader that sees the new stamp sees the write. It is random, never a
-- counter, so a table emptied and filled again (a reset) can never bring back a stamp a cache holds.
INSERT INTO "ConfigStamp" ("key", "stamp") VALUES ('matching', md5(random()::text || clock_timestamp()::text));
-- The body's semicolons are written \073 (see 20261202015238_team_audit_versions).
CREATE FUNCTION "ConfigStamp_renew"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN INSERT INTO "ConfigStamp" ("key", "stamp") VALUES (''matching'', md5(random()::text || clock_timestamp()::text)) ON CONFLICT ("key") DO UPDATE SET "stamp" = EXCLUDED."stamp"\073 RETURN NULL\073 END';
CREATE TRIGGER "Automation_renews_config_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Automation"
FOR EACH STATEMENT EXECUTE FUNCTION "ConfigStamp_renew"();
CREATE TRIGGER "Settings_renews_config_stamp" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Settings"
FOR EACH STATEMENT EXECUTE FUNCTION "ConfigStamp_renew"();
