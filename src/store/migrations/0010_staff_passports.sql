CREATE TABLE "esr_sync_state" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"cursor" text,
	"synced_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"state" text DEFAULT 'sent' NOT NULL,
	"token_hash" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"sent_by" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "invitations_state_check" CHECK ("invitations"."state" in ('sent', 'accepted', 'superseded', 'expired', 'cancelled')),
	CONSTRAINT "invitations_reminders_check" CHECK ("invitations"."reminders_sent" >= 0)
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"job" text NOT NULL,
	"run_key" text NOT NULL,
	"trigger" text NOT NULL,
	"requested_by" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"queue_job_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"retry_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "job_runs_state_check" CHECK ("job_runs"."state" in ('queued', 'running', 'retrying', 'succeeded', 'failed')),
	CONSTRAINT "job_runs_trigger_check" CHECK ("job_runs"."trigger" in ('schedule', 'manual'))
);
--> statement-breakpoint
CREATE TABLE "passport_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "passport_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organisation_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"event" text NOT NULL,
	"credential_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provided_credentials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"credential_type" text NOT NULL,
	"subject" jsonb NOT NULL,
	"title" text NOT NULL,
	"source" text NOT NULL,
	"slot_key" text NOT NULL,
	"dedupe_key" text,
	"supersedes" uuid,
	"state" text DEFAULT 'pending' NOT NULL,
	"state_reason" text,
	"expires_at" timestamp with time zone,
	"serial_number" uuid,
	"provided_at" timestamp with time zone NOT NULL,
	"provided_by" text NOT NULL,
	"state_changed_at" timestamp with time zone NOT NULL,
	"job_run_id" uuid,
	CONSTRAINT "provided_credentials_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "provided_credentials_state_check" CHECK ("provided_credentials"."state" in ('pending', 'accepted', 'declined', 'withdrawn', 'archived', 'expired', 'revoked')),
	CONSTRAINT "provided_credentials_source_check" CHECK ("provided_credentials"."source" in ('esr', 'manual', 'request'))
);
--> statement-breakpoint
CREATE TABLE "staff_passports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"date_of_birth" date,
	"dsp_id" text,
	"email" text,
	"mobile" text,
	"notify_by_email" boolean DEFAULT true NOT NULL,
	"notify_by_sms" boolean DEFAULT true NOT NULL,
	"staff_group" text,
	"job_role" text,
	"employment_type" text,
	"employment_status" text,
	"oriel_pin" text,
	"status" text DEFAULT 'invited' NOT NULL,
	"esr_assignment_number" text,
	"esr_link_state" text DEFAULT 'unlinked' NOT NULL,
	"esr_linked_at" timestamp with time zone,
	"esr_linked_by" text,
	"esr_synced_at" timestamp with time zone,
	"pending_reminders_sent" integer DEFAULT 0 NOT NULL,
	"pending_reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_passports_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "staff_passports_status_check" CHECK ("staff_passports"."status" in ('invited', 'signed-up', 'identity-shared', 'appointment-needed', 'identity-declined', 'credentials-pending', 'active', 'deactivated', 'disabled')),
	CONSTRAINT "staff_passports_esr_link_state_check" CHECK ("staff_passports"."esr_link_state" in ('unlinked', 'unconfirmed', 'linked')),
	CONSTRAINT "staff_passports_esr_link_check" CHECK (("staff_passports"."esr_link_state" = 'unlinked') = ("staff_passports"."esr_assignment_number" is null)),
	CONSTRAINT "staff_passports_reminders_check" CHECK ("staff_passports"."pending_reminders_sent" >= 0)
);
--> statement-breakpoint
CREATE TABLE "team_mailboxes" (
	"organisation_id" uuid NOT NULL,
	"team" text NOT NULL,
	"email" text NOT NULL,
	"weekly_summary" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_mailboxes_organisation_id_team_pk" PRIMARY KEY("organisation_id","team"),
	CONSTRAINT "team_mailboxes_team_check" CHECK ("team_mailboxes"."team" in ('hr', 'occupational-health', 'education-training'))
);
--> statement-breakpoint
CREATE TABLE "trust_settings" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"auto_provide" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "esr_sync_state" ADD CONSTRAINT "esr_sync_state_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_passport_fk" FOREIGN KEY ("organisation_id","passport_id") REFERENCES "public"."staff_passports"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passport_history" ADD CONSTRAINT "passport_history_passport_fk" FOREIGN KEY ("organisation_id","passport_id") REFERENCES "public"."staff_passports"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provided_credentials" ADD CONSTRAINT "provided_credentials_passport_fk" FOREIGN KEY ("organisation_id","passport_id") REFERENCES "public"."staff_passports"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provided_credentials" ADD CONSTRAINT "provided_credentials_supersedes_fk" FOREIGN KEY ("organisation_id","supersedes") REFERENCES "public"."provided_credentials"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_passports" ADD CONSTRAINT "staff_passports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_mailboxes" ADD CONSTRAINT "team_mailboxes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust_settings" ADD CONSTRAINT "trust_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_live_key" ON "invitations" USING btree ("organisation_id","passport_id") WHERE "invitations"."state" = 'sent';--> statement-breakpoint
CREATE INDEX "invitations_org_state_sent_idx" ON "invitations" USING btree ("organisation_id","state","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_run_key" ON "job_runs" USING btree ("organisation_id","job","run_key");--> statement-breakpoint
CREATE INDEX "job_runs_latest_idx" ON "job_runs" USING btree ("organisation_id","job","created_at");--> statement-breakpoint
CREATE INDEX "passport_history_passport_idx" ON "passport_history" USING btree ("organisation_id","passport_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "provided_credentials_dedupe_key" ON "provided_credentials" USING btree ("organisation_id","passport_id","dedupe_key") WHERE "provided_credentials"."dedupe_key" is not null;--> statement-breakpoint
CREATE INDEX "provided_credentials_slot_idx" ON "provided_credentials" USING btree ("organisation_id","passport_id","slot_key");--> statement-breakpoint
CREATE INDEX "provided_credentials_org_state_idx" ON "provided_credentials" USING btree ("organisation_id","state","provided_at");--> statement-breakpoint
CREATE INDEX "provided_credentials_expiry_idx" ON "provided_credentials" USING btree ("organisation_id","expires_at") WHERE "provided_credentials"."state" in ('pending', 'accepted');--> statement-breakpoint
CREATE UNIQUE INDEX "provided_credentials_serial_key" ON "provided_credentials" USING btree ("organisation_id","serial_number") WHERE "provided_credentials"."serial_number" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_passports_org_email_key" ON "staff_passports" USING btree ("organisation_id",lower("email")) WHERE "staff_passports"."email" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_passports_org_mobile_key" ON "staff_passports" USING btree ("organisation_id","mobile") WHERE "staff_passports"."mobile" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_passports_org_dsp_id_key" ON "staff_passports" USING btree ("organisation_id","dsp_id") WHERE "staff_passports"."dsp_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_passports_org_esr_linked_key" ON "staff_passports" USING btree ("organisation_id","esr_assignment_number") WHERE "staff_passports"."esr_link_state" = 'linked';--> statement-breakpoint
CREATE INDEX "staff_passports_org_status_idx" ON "staff_passports" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "staff_passports_esr_unsynced_idx" ON "staff_passports" USING btree ("organisation_id") WHERE "staff_passports"."esr_link_state" = 'linked' and "staff_passports"."esr_synced_at" is null;--> statement-breakpoint
CREATE INDEX "staff_passports_org_names_idx" ON "staff_passports" USING btree ("organisation_id","family_name","given_name");