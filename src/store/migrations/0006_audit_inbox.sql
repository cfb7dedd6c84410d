CREATE TABLE "audit_inbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_inbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"chain" text NOT NULL,
	"organisation_id" uuid,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"correlation_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "inbox_id" bigint;--> statement-breakpoint
CREATE INDEX "audit_inbox_chain_id_idx" ON "audit_inbox" USING btree ("chain","id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_inbox_id_key" ON "audit_log" USING btree ("inbox_id");