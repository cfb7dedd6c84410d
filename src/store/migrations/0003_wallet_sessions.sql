CREATE TABLE "wallet_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"purpose" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"wallet_uri" text,
	"browser_binding" text NOT NULL,
	"return_to" text NOT NULL,
	"outcome" jsonb,
	"failure" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wallet_sessions" ADD CONSTRAINT "wallet_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wallet_sessions_org_state_idx" ON "wallet_sessions" USING btree ("organisation_id","state");--> statement-breakpoint
CREATE INDEX "wallet_sessions_expires_idx" ON "wallet_sessions" USING btree ("expires_at");