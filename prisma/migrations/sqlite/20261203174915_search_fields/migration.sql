-- AlterTable
ALTER TABLE "Event" ADD COLUMN "amount" INTEGER;
ALTER TABLE "Event" ADD COLUMN "currency" TEXT;
ALTER TABLE "Event" ADD COLUMN "customerEmail" TEXT;
ALTER TABLE "Event" ADD COLUMN "customerId" TEXT;
ALTER TABLE "Event" ADD COLUMN "subscriptionId" TEXT;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN "amount" INTEGER;
ALTER TABLE "Run" ADD COLUMN "currency" TEXT;
ALTER TABLE "Run" ADD COLUMN "customerEmail" TEXT;

-- CreateIndex
CREATE INDEX "Event_customerId_idx" ON "Event"("customerId");

-- CreateIndex
CREATE INDEX "Event_customerEmail_idx" ON "Event"("customerEmail");

-- CreateIndex
CREATE INDEX "Event_subscriptionId_idx" ON "Event"("subscriptionId");

-- CreateIndex
CREATE INDEX "Run_customerId_idx" ON "Run"("customerId");

-- CreateIndex
CREATE INDEX "Run_customerEmail_idx" ON "Run"("customerEmail");

-- CreateIndex
CREATE INDEX "Run_eventId_idx" ON "Run"("eventId");

-- The same fields for the events and runs stored before they were kept (lib/events/search-fields.ts
-- writes them for new ones): from each event's payload, and each run's context.
UPDATE "Event" SET
  "customerId" = CASE json_type("payload", '$.data.object.customer')
    WHEN 'text' THEN json_extract("payload", '$.data.object.customer')
    WHEN 'object' THEN json_extract("payload", '$.data.object.customer.id') END,
  "customerEmail" = lower(CASE json_type("payload", '$.data.object.customer_email')
    WHEN 'text' THEN json_extract("payload", '$.data.object.customer_email') END),
  "subscriptionId" = CASE json_extract("payload", '$.data.object.object')
    WHEN 'subscription' THEN json_extract("payload", '$.data.object.id')
    WHEN 'invoice' THEN coalesce(
      CASE json_type("payload", '$.data.object.subscription')
        WHEN 'text' THEN json_extract("payload", '$.data.object.subscription')
        WHEN 'object' THEN json_extract("payload", '$.data.object.subscription.id') END,
      CASE json_type("payload", '$.data.object.parent.subscription_details.subscription')
        WHEN 'text' THEN json_extract("payload", '$.data.object.parent.subscription_details.subscription')
        WHEN 'object' THEN json_extract("payload", '$.data.object.parent.subscription_details.subscription.id') END) END,
  "amount" = CASE WHEN json_extract("payload", '$.data.object.object') = 'invoice' THEN coalesce(
    CASE json_type("payload", '$.data.object.amount_due') WHEN 'integer' THEN json_extract("payload", '$.data.object.amount_due') END,
    CASE json_type("payload", '$.data.object.total') WHEN 'integer' THEN json_extract("payload", '$.data.object.total') END) END,
  "currency" = CASE json_type("payload", '$.data.object.currency')
    WHEN 'text' THEN json_extract("payload", '$.data.object.currency') END;

UPDATE "Run" SET
  "customerEmail" = lower(CASE json_type("context", '$.invoice.customerEmail')
    WHEN 'text' THEN json_extract("context", '$.invoice.customerEmail') END),
  "amount" = CASE json_type("context", '$.invoice.amountDue')
    WHEN 'integer' THEN json_extract("context", '$.invoice.amountDue') END,
  "currency" = CASE json_type("context", '$.invoice.currency')
    WHEN 'text' THEN json_extract("context", '$.invoice.currency') END;
