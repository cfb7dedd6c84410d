CREATE TABLE "access_key_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"collected_at" timestamp with time zone,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "employee_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"stage" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"journey" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"code_channel" text,
	"code_target" text,
	"code_hash" text,
	"code_expires_at" timestamp with time zone,
	"code_attempts" integer DEFAULT 0 NOT NULL,
	"codes_sent" integer DEFAULT 0 NOT NULL,
	"code_sent_at" timestamp with time zone,
	CONSTRAINT "employee_sessions_stage_check" CHECK ("employee_sessions"."stage" in ('sign-up', 'collect-key', 'signed-in')),
	CONSTRAINT "employee_sessions_code_channel_check" CHECK ("employee_sessions"."code_channel" in ('email', 'sms')),
	CONSTRAINT "employee_sessions_code_attempts_check" CHECK ("employee_sessions"."code_attempts" >= 0 and "employee_sessions"."codes_sent" >= 0)
);
--> statement-breakpoint
ALTER TABLE "staff_passports" ADD COLUMN "terms_version" text;--> statement-breakpoint
ALTER TABLE "staff_passports" ADD COLUMN "terms_accepted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "staff_passports" ADD COLUMN "identity_route" text;--> statement-breakpoint
ALTER TABLE "staff_passports" ADD COLUMN "shared_identity" jsonb;--> statement-breakpoint
ALTER TABLE "staff_passports" ADD COLUMN "email_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "staff_passports" ADD COLUMN "mobile_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "staff_passports" ADD COLUMN "signed_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "access_key_links" ADD CONSTRAINT "access_key_links_passport_fk" FOREIGN KEY ("organisation_id","passport_id") REFERENCES "public"."staff_passports"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_sessions" ADD CONSTRAINT "employee_sessions_passport_fk" FOREIGN KEY ("organisation_id","passport_id") REFERENCES "public"."staff_passports"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_key_links_token_hash_key" ON "access_key_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "access_key_links_org_passport_idx" ON "access_key_links" USING btree ("organisation_id","passport_id");--> statement-breakpoint
CREATE UNIQUE INDEX "employee_sessions_token_hash_key" ON "employee_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "employee_sessions_org_passport_idx" ON "employee_sessions" USING btree ("organisation_id","passport_id");--> statement-breakpoint
CREATE INDEX "employee_sessions_expires_idx" ON "employee_sessions" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "staff_passports" ADD CONSTRAINT "staff_passports_identity_route_check" CHECK ("staff_passports"."identity_route" in ('digital-identity', 'face-to-face'));