ALTER TABLE "staff_passports" ADD COLUMN "middle_names" text;--> statement-breakpoint
ALTER TABLE "staff_passports" ADD COLUMN "esr_person_id" text;--> statement-breakpoint
CREATE INDEX "staff_passports_org_esr_person_idx" ON "staff_passports" USING btree ("organisation_id","esr_person_id") WHERE "staff_passports"."esr_person_id" is not null;