-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "amount" INTEGER,
ADD COLUMN     "currency" TEXT,
ADD COLUMN     "customerEmail" TEXT,
ADD COLUMN     "customerId" TEXT,
ADD COLUMN     "subscriptionId" TEXT;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "amount" INTEGER,
ADD COLUMN     "currency" TEXT,
ADD COLUMN     "customerEmail" TEXT;

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
  "customerId" = CASE jsonb_typeof("payload" #> '{data,object,customer}')
    WHEN 'string' THEN "payload" #>> '{data,object,customer}'
    WHEN 'object' THEN "payload" #>> '{data,object,customer,id}' END,
  "customerEmail" = lower(CASE jsonb_typeof("payload" #> '{data,object,customer_email}')
    WHEN 'string' THEN "payload" #>> '{data,object,customer_email}' END),
  "subscriptionId" = CASE "payload" #>> '{data,object,object}'
    WHEN 'subscription' THEN "payload" #>> '{data,object,id}'
    WHEN 'invoice' THEN coalesce(
      CASE jsonb_typeof("payload" #> '{data,object,subscription}')
        WHEN 'string' THEN "payload" #>> '{data,object,subscription}'
        WHEN 'object' THEN "payload" #>> '{data,object,subscription,id}' END,
      CASE jsonb_typeof("payload" #> '{data,object,parent,subscription_details,subscription}')
        WHEN 'string' THEN "payload" #>> '{data,object,parent,subscription_details,subscription}'
        WHEN 'object' THEN "payload" #>> '{data,object,parent,subscription_details,subscription,id}' END) END,
  "amount" = CASE WHEN "payload" #>> '{data,object,object}' = 'invoice' THEN coalesce(
    CASE WHEN jsonb_typeof("payload" #> '{data,object,amount_due}') = 'number' THEN ("payload" #>> '{data,object,amount_due}')::numeric::integer END,
    CASE WHEN jsonb_typeof("payload" #> '{data,object,total}') = 'number' THEN ("payload" #>> '{data,object,total}')::numeric::integer END) END,
  "currency" = CASE jsonb_typeof("payload" #> '{data,object,currency}')
    WHEN 'string' THEN "payload" #>> '{data,object,currency}' END;

UPDATE "Run" SET
  "customerEmail" = lower(CASE jsonb_typeof("context" #> '{invoice,customerEmail}')
    WHEN 'string' THEN "context" #>> '{invoice,customerEmail}' END),
  "amount" = CASE WHEN jsonb_typeof("context" #> '{invoice,amountDue}') = 'number'
    THEN ("context" #>> '{invoice,amountDue}')::numeric::integer END,
  "currency" = CASE jsonb_typeof("context" #> '{invoice,currency}')
    WHEN 'string' THEN "context" #>> '{invoice,currency}' END;
