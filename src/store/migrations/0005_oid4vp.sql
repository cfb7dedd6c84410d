CREATE TABLE "presentation_transactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"wallet_session_id" uuid NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"flow" text,
	"nonce" text NOT NULL,
	"state" text NOT NULL,
	"response_mode" text NOT NULL,
	"dcql_query" jsonb NOT NULL,
	"query_bindings" jsonb NOT NULL,
	"purpose" text NOT NULL,
	"encryption_kid" text,
	"encryption_public_jwk" jsonb,
	"encryption_private_sealed" text,
	"response_code_digest" text,
	"response_code_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"requested_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "presentation_transactions_status_check" CHECK ("presentation_transactions"."status" in ('created', 'requested', 'responded')),
	CONSTRAINT "presentation_transactions_flow_check" CHECK ("presentation_transactions"."flow" is null or "presentation_transactions"."flow" in ('cross_device', 'same_device')),
	CONSTRAINT "presentation_transactions_mode_check" CHECK ("presentation_transactions"."response_mode" in ('direct_post', 'direct_post.jwt'))
);
--> statement-breakpoint
ALTER TABLE "presentation_transactions" ADD CONSTRAINT "presentation_transactions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presentation_transactions" ADD CONSTRAINT "presentation_transactions_wallet_session_id_wallet_sessions_id_fk" FOREIGN KEY ("wallet_session_id") REFERENCES "public"."wallet_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "presentation_transactions_state_key" ON "presentation_transactions" USING btree ("organisation_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "presentation_transactions_enc_kid_key" ON "presentation_transactions" USING btree ("organisation_id","encryption_kid");--> statement-breakpoint
CREATE INDEX "presentation_transactions_session_idx" ON "presentation_transactions" USING btree ("organisation_id","wallet_session_id");--> statement-breakpoint
CREATE INDEX "presentation_transactions_expires_idx" ON "presentation_transactions" USING btree ("expires_at");