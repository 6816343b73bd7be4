CREATE TABLE "qa_alert_notices" (
	"alert_id" integer NOT NULL,
	"village_id" integer NOT NULL,
	"notice_id" integer NOT NULL,
	CONSTRAINT "qa_alert_notices_alert_id_village_id_pk" PRIMARY KEY("alert_id","village_id")
);
--> statement-breakpoint
ALTER TABLE "qa_alert_notices" ADD CONSTRAINT "qa_alert_notices_alert_id_qa_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."qa_alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_alert_notices" ADD CONSTRAINT "qa_alert_notices_village_id_villages_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."villages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_alert_notices" ADD CONSTRAINT "qa_alert_notices_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;