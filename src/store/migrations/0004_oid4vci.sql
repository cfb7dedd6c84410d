CREATE TABLE "oid4vci_access_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"dpop_jkt" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oid4vci_dpop_jtis" (
	"organisation_id" uuid NOT NULL,
	"jti_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "oid4vci_dpop_jtis_organisation_id_jti_hash_pk" PRIMARY KEY("organisation_id","jti_hash")
);
--> statement-breakpoint
CREATE TABLE "oid4vci_issued_credentials" (
	"serial_number" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"credential_configuration_id" text NOT NULL,
	"credential_type" text NOT NULL,
	"format" text NOT NULL,
	"dsp_id" text NOT NULL,
	"holder_key_thumbprint" text NOT NULL,
	"notification_id" text NOT NULL,
	"notification_event" text,
	"notification_description" text,
	"notified_at" timestamp with time zone,
	"issued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "oid4vci_issued_format_check" CHECK ("oid4vci_issued_credentials"."format" in ('jwt_vc_json', 'dc+sd-jwt')),
	CONSTRAINT "oid4vci_issued_event_check" CHECK ("oid4vci_issued_credentials"."notification_event" is null or "oid4vci_issued_credentials"."notification_event" in ('credential_accepted', 'credential_failure', 'credential_deleted'))
);
--> statement-breakpoint
CREATE TABLE "oid4vci_nonces" (
	"nonce_hash" text PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oid4vci_offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"wallet_session_id" uuid NOT NULL,
	"dsp_id" text NOT NULL,
	"credentials" jsonb NOT NULL,
	"holder_binding" jsonb NOT NULL,
	"pre_authorized_code_hash" text NOT NULL,
	"tx_code_hash" text,
	"tx_code_attempts" integer DEFAULT 0 NOT NULL,
	"code_consumed_at" timestamp with time zone,
	"bound_thumbprint" text,
	"fetched_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "oid4vci_offers_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "oid4vci_offers_attempts_check" CHECK ("oid4vci_offers"."tx_code_attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "oid4vci_access_tokens" ADD CONSTRAINT "oid4vci_access_tokens_offer_fk" FOREIGN KEY ("organisation_id","offer_id") REFERENCES "public"."oid4vci_offers"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oid4vci_dpop_jtis" ADD CONSTRAINT "oid4vci_dpop_jtis_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oid4vci_issued_credentials" ADD CONSTRAINT "oid4vci_issued_credentials_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oid4vci_nonces" ADD CONSTRAINT "oid4vci_nonces_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oid4vci_offers" ADD CONSTRAINT "oid4vci_offers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oid4vci_offers" ADD CONSTRAINT "oid4vci_offers_wallet_session_id_wallet_sessions_id_fk" FOREIGN KEY ("wallet_session_id") REFERENCES "public"."wallet_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oid4vci_access_tokens_expires_idx" ON "oid4vci_access_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "oid4vci_dpop_jtis_expires_idx" ON "oid4vci_dpop_jtis" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "oid4vci_issued_offer_config_key" ON "oid4vci_issued_credentials" USING btree ("offer_id","credential_configuration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "oid4vci_issued_notification_key" ON "oid4vci_issued_credentials" USING btree ("organisation_id","notification_id");--> statement-breakpoint
CREATE INDEX "oid4vci_issued_dsp_idx" ON "oid4vci_issued_credentials" USING btree ("organisation_id","dsp_id");--> statement-breakpoint
CREATE INDEX "oid4vci_nonces_expires_idx" ON "oid4vci_nonces" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "oid4vci_offers_code_key" ON "oid4vci_offers" USING btree ("pre_authorized_code_hash");--> statement-breakpoint
CREATE INDEX "oid4vci_offers_session_idx" ON "oid4vci_offers" USING btree ("organisation_id","wallet_session_id");