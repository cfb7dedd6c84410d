ALTER TABLE "provided_credentials" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provided_credentials" ADD COLUMN "resolved_by" text;