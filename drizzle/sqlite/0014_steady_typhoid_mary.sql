CREATE TABLE `qa_alert_notices` (
	`alert_id` integer NOT NULL,
	`village_id` integer NOT NULL,
	`notice_id` integer NOT NULL,
	PRIMARY KEY(`alert_id`, `village_id`),
	FOREIGN KEY (`alert_id`) REFERENCES `qa_alerts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE cascade
);
