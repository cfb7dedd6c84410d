CREATE TABLE "shared_credentials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"share_id" uuid NOT NULL,
	"credential_type" text NOT NULL,
	"format" text NOT NULL,
	"issuer" text NOT NULL,
	"issuer_name" text NOT NULL,
	"serial_number" text NOT NULL,
	"claims" jsonb NOT NULL,
	"compact" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"shared_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'to-review' NOT NULL,
	"draft" text,
	"note" text,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	CONSTRAINT "shared_credentials_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "shared_credentials_state_check" CHECK ("shared_credentials"."state" in ('to-review', 'accepted', 'rejected')),
	CONSTRAINT "shared_credentials_draft_check" CHECK ("shared_credentials"."draft" in ('accept', 'reject')),
	CONSTRAINT "shared_credentials_format_check" CHECK ("shared_credentials"."format" in ('dc+sd-jwt', 'jwt_vc_json'))
);
--> statement-breakpoint
ALTER TABLE "presentation_transactions" ADD COLUMN "expected_dsp_id" text;--> statement-breakpoint
ALTER TABLE "staff_passports" ADD COLUMN "credentials_reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "staff_passports" ADD COLUMN "credentials_review_outcome" text;--> statement-breakpoint
ALTER TABLE "staff_passports" ADD COLUMN "credentials_reviewed_by" text;--> statement-breakpoint
ALTER TABLE "shared_credentials" ADD CONSTRAINT "shared_credentials_passport_fk" FOREIGN KEY ("organisation_id","passport_id") REFERENCES "public"."staff_passports"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shared_credentials_passport_idx" ON "shared_credentials" USING btree ("organisation_id","passport_id","shared_at");--> statement-breakpoint
CREATE INDEX "shared_credentials_to_review_idx" ON "shared_credentials" USING btree ("organisation_id","passport_id") WHERE "shared_credentials"."state" = 'to-review';--> statement-breakpoint
ALTER TABLE "staff_passports" ADD CONSTRAINT "staff_passports_review_outcome_check" CHECK ("staff_passports"."credentials_review_outcome" in ('completed', 'bypassed'));