CREATE TABLE "passport_photos" (
	"organisation_id" uuid NOT NULL,
	"passport_id" uuid NOT NULL,
	"jpeg" "bytea" NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "passport_photos_pkey" PRIMARY KEY("organisation_id","passport_id"),
	CONSTRAINT "passport_photos_source_check" CHECK ("passport_photos"."source" in ('staff', 'hr')),
	CONSTRAINT "passport_photos_size_check" CHECK ("passport_photos"."width" between 1 and 450 and "passport_photos"."height" between 1 and 600 and octet_length("passport_photos"."jpeg") <= 2000000)
);
--> statement-breakpoint
ALTER TABLE "passport_photos" ADD CONSTRAINT "passport_photos_passport_fk" FOREIGN KEY ("organisation_id","passport_id") REFERENCES "public"."staff_passports"("organisation_id","id") ON DELETE cascade ON UPDATE no action;