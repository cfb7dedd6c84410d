CREATE TABLE "credential_request_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"credential_type" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"provided_count" integer,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	CONSTRAINT "credential_request_items_state_check" CHECK ("credential_request_items"."state" in ('pending', 'provided', 'rejected')),
	CONSTRAINT "credential_request_items_reason_check" CHECK ("credential_request_items"."state" <> 'rejected' or ("credential_request_items"."reason" is not null and length(btrim("credential_request_items"."reason")) > 0)),
	CONSTRAINT "credential_request_items_decided_check" CHECK (("credential_request_items"."state" = 'pending') = ("credential_request_items"."decided_at" is null))
);
--> statement-breakpoint
CREATE TABLE "credential_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"note" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	CONSTRAINT "credential_requests_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "credential_requests_state_check" CHECK ("credential_requests"."state" in ('open', 'reviewed')),
	CONSTRAINT "credential_requests_reviewed_check" CHECK (("credential_requests"."state" = 'open') = ("credential_requests"."reviewed_at" is null))
);
--> statement-breakpoint
ALTER TABLE "credential_request_items" ADD CONSTRAINT "credential_request_items_request_fk" FOREIGN KEY ("organisation_id","request_id") REFERENCES "public"."credential_requests"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_requests" ADD CONSTRAINT "credential_requests_passport_fk" FOREIGN KEY ("organisation_id","passport_id") REFERENCES "public"."staff_passports"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credential_request_items_type_key" ON "credential_request_items" USING btree ("organisation_id","request_id","credential_type");--> statement-breakpoint
CREATE INDEX "credential_requests_org_state_idx" ON "credential_requests" USING btree ("organisation_id","state","requested_at");--> statement-breakpoint
CREATE INDEX "credential_requests_passport_idx" ON "credential_requests" USING btree ("organisation_id","passport_id","state");