CREATE TABLE "credentials_required_checklists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"staff_group" text NOT NULL,
	"job_role" text,
	"employment_type" text,
	"credential_types" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "credentials_required_checklists_org_id_key" UNIQUE("organisation_id","id"),
	CONSTRAINT "credentials_required_checklists_staff_group_check" CHECK ("credentials_required_checklists"."staff_group" in ('Additional Clinical Services', 'Additional Professional Scientific and Technical', 'Administrative and Clerical', 'Allied Health Professionals', 'Estates and Ancillary', 'Healthcare Scientists', 'Medical and Dental', 'Nursing and Midwifery Registered', 'Students – non-medical', 'Students – medical undergraduate')),
	CONSTRAINT "credentials_required_checklists_employment_type_check" CHECK ("credentials_required_checklists"."employment_type" is null or "credentials_required_checklists"."employment_type" in ('Permanent or fixed term', 'Temporary mover')),
	CONSTRAINT "credentials_required_checklists_types_check" CHECK (cardinality("credentials_required_checklists"."credential_types") > 0)
);
--> statement-breakpoint
ALTER TABLE "credentials_required_checklists" ADD CONSTRAINT "credentials_required_checklists_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_required_checklists_criteria_key" ON "credentials_required_checklists" USING btree ("organisation_id","staff_group",lower(coalesce("job_role", '')),coalesce("employment_type", ''));