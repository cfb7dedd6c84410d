CREATE TABLE "status_entries" (
	"organisation_id" uuid NOT NULL,
	"list_id" uuid NOT NULL,
	"idx" integer NOT NULL,
	"serial_number" uuid NOT NULL,
	"format" text NOT NULL,
	"state" text DEFAULT 'valid' NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone,
	CONSTRAINT "status_entries_list_id_idx_pk" PRIMARY KEY("list_id","idx"),
	CONSTRAINT "status_entries_idx_check" CHECK ("status_entries"."idx" >= 0),
	CONSTRAINT "status_entries_format_check" CHECK ("status_entries"."format" in ('jwt_vc_json', 'dc+sd-jwt')),
	CONSTRAINT "status_entries_state_check" CHECK ("status_entries"."state" in ('valid', 'suspended', 'revoked'))
);
--> statement-breakpoint
CREATE TABLE "status_list_documents" (
	"organisation_id" uuid NOT NULL,
	"list_id" uuid NOT NULL,
	"document" text NOT NULL,
	"revision" bigint NOT NULL,
	"body" text NOT NULL,
	"etag" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "status_list_documents_list_id_document_pk" PRIMARY KEY("list_id","document"),
	CONSTRAINT "status_list_documents_document_check" CHECK ("status_list_documents"."document" in ('token', 'revocation', 'suspension'))
);
--> statement-breakpoint
CREATE TABLE "status_lists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"size" integer NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "status_lists_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "status_lists_kind_check" CHECK ("status_lists"."kind" in ('bitstring', 'token')),
	CONSTRAINT "status_lists_state_check" CHECK ("status_lists"."state" in ('open', 'full')),
	CONSTRAINT "status_lists_used_check" CHECK ("status_lists"."size" > 0 and "status_lists"."used" >= 0 and "status_lists"."used" <= "status_lists"."size")
);
--> statement-breakpoint
ALTER TABLE "status_entries" ADD CONSTRAINT "status_entries_list_fk" FOREIGN KEY ("organisation_id","list_id") REFERENCES "public"."status_lists"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_list_documents" ADD CONSTRAINT "status_list_documents_list_fk" FOREIGN KEY ("organisation_id","list_id") REFERENCES "public"."status_lists"("organisation_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_lists" ADD CONSTRAINT "status_lists_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "status_entries_serial_format_key" ON "status_entries" USING btree ("organisation_id","serial_number","format");--> statement-breakpoint
CREATE INDEX "status_entries_not_valid_idx" ON "status_entries" USING btree ("list_id","idx") WHERE "status_entries"."state" <> 'valid';--> statement-breakpoint
CREATE INDEX "status_lists_open_idx" ON "status_lists" USING btree ("organisation_id","kind","created_at") WHERE "status_lists"."state" = 'open';