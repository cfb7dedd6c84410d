ALTER TABLE "employer_users" ADD CONSTRAINT "employer_users_org_id_key" UNIQUE("organisation_id","id");--> statement-breakpoint
CREATE TABLE "employer_second_factors" (
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"totp_seed_sealed" text,
	"mobile" text,
	"confirmed_at" timestamp with time zone,
	"last_totp_step" bigint,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "employer_second_factors_organisation_id_user_id_pk" PRIMARY KEY("organisation_id","user_id"),
	CONSTRAINT "employer_second_factors_kind_check" CHECK ("employer_second_factors"."kind" in ('totp', 'sms')),
	CONSTRAINT "employer_second_factors_shape_check" CHECK (("employer_second_factors"."kind" = 'totp') = ("employer_second_factors"."totp_seed_sealed" is not null) and ("employer_second_factors"."kind" = 'sms') = ("employer_second_factors"."mobile" is not null))
);
--> statement-breakpoint
CREATE TABLE "employer_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"stage" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"sms_code_hash" text,
	"sms_code_expires_at" timestamp with time zone,
	"sms_code_sent_at" timestamp with time zone,
	CONSTRAINT "employer_sessions_stage_check" CHECK ("employer_sessions"."stage" in ('second-factor', 'enrolment', 'signed-in'))
);
--> statement-breakpoint
CREATE TABLE "employer_sign_in_locks" (
	"organisation_id" uuid NOT NULL,
	"account_key" text NOT NULL,
	"password_failures" integer DEFAULT 0 NOT NULL,
	"code_failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "employer_sign_in_locks_organisation_id_account_key_pk" PRIMARY KEY("organisation_id","account_key"),
	CONSTRAINT "employer_sign_in_locks_counts_check" CHECK ("employer_sign_in_locks"."password_failures" >= 0 and "employer_sign_in_locks"."code_failures" >= 0)
);
--> statement-breakpoint
CREATE TABLE "employer_user_setup_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "employer_second_factors" ADD CONSTRAINT "employer_second_factors_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."employer_users"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employer_sessions" ADD CONSTRAINT "employer_sessions_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."employer_users"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employer_sign_in_locks" ADD CONSTRAINT "employer_sign_in_locks_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employer_user_setup_links" ADD CONSTRAINT "employer_user_setup_links_user_fk" FOREIGN KEY ("organisation_id","user_id") REFERENCES "public"."employer_users"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "employer_sessions_token_hash_key" ON "employer_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "employer_sessions_org_user_idx" ON "employer_sessions" USING btree ("organisation_id","user_id");--> statement-breakpoint
CREATE INDEX "employer_sessions_expires_idx" ON "employer_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "employer_user_setup_links_token_hash_key" ON "employer_user_setup_links" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "employer_user_setup_links_live_key" ON "employer_user_setup_links" USING btree ("organisation_id","user_id") WHERE "employer_user_setup_links"."closed_at" is null;
