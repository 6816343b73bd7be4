CREATE TABLE `charity_disbursements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`payee` text NOT NULL,
	`purpose` text NOT NULL,
	`state` text DEFAULT 'proposed' NOT NULL,
	`proposed_by` integer,
	`approved_by` integer,
	`approved_at` integer,
	`notice_days` integer DEFAULT 3 NOT NULL,
	`notice_ends_at` integer,
	`ended_by` integer,
	`ended_reason` text DEFAULT '' NOT NULL,
	`paid_at` integer,
	`ledger_seq` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `charity_projects`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`proposed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`ended_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "charity_disbursements_amount" CHECK("charity_disbursements"."amount_fen" > 0 AND "charity_disbursements"."notice_days" BETWEEN 0 AND 7)
);
--> statement-breakpoint
CREATE INDEX `charity_disbursements_project_idx` ON `charity_disbursements` (`project_id`,`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `charity_disbursements_due_idx` ON `charity_disbursements` (`state`,`notice_ends_at`);--> statement-breakpoint
CREATE TABLE `charity_gifts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`donor_id` integer,
	`kind` text NOT NULL,
	`amount_fen` integer DEFAULT 0 NOT NULL,
	`goods` text DEFAULT '' NOT NULL,
	`hours` integer DEFAULT 0 NOT NULL,
	`anonymous` integer DEFAULT false NOT NULL,
	`donor_label` text NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`method` text NOT NULL,
	`reference` text DEFAULT '' NOT NULL,
	`state` text DEFAULT 'pledged' NOT NULL,
	`receipt_code` text NOT NULL,
	`confirmed_by` integer,
	`confirmed_at` integer,
	`ledger_seq` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `charity_projects`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`donor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "charity_gifts_amount" CHECK(("charity_gifts"."kind" = 'money' AND "charity_gifts"."amount_fen" BETWEEN 100 AND 5000000 AND "charity_gifts"."hours" = 0) OR ("charity_gifts"."kind" = 'goods' AND "charity_gifts"."amount_fen" = 0 AND "charity_gifts"."hours" = 0) OR ("charity_gifts"."kind" = 'hours' AND "charity_gifts"."amount_fen" = 0 AND "charity_gifts"."hours" > 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `charity_gifts_receipt_unique` ON `charity_gifts` (`receipt_code`);--> statement-breakpoint
CREATE INDEX `charity_gifts_project_idx` ON `charity_gifts` (`project_id`,`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `charity_gifts_donor_idx` ON `charity_gifts` (`donor_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `charity_objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`disbursement_id` integer NOT NULL,
	`user_id` integer,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`disbursement_id`) REFERENCES `charity_disbursements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `charity_objections_disbursement_idx` ON `charity_objections` (`disbursement_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `charity_project_photos` (
	`project_id` integer NOT NULL,
	`position` integer NOT NULL,
	`photo_id` text NOT NULL,
	PRIMARY KEY(`project_id`, `position`),
	FOREIGN KEY (`project_id`) REFERENCES `charity_projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `charity_projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`village_id` integer NOT NULL,
	`title` text NOT NULL,
	`category` text NOT NULL,
	`goal_fen` integer NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`starts_on` text,
	`ends_on` text,
	`responsible_id` integer,
	`state` text DEFAULT 'draft' NOT NULL,
	`raised_fen` integer DEFAULT 0 NOT NULL,
	`available_fen` integer DEFAULT 0 NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`responsible_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "charity_projects_money" CHECK("charity_projects"."goal_fen" > 0 AND "charity_projects"."raised_fen" >= 0 AND "charity_projects"."available_fen" >= 0)
);
--> statement-breakpoint
CREATE INDEX `charity_projects_village_idx` ON `charity_projects` (`village_id`,`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `charity_projects_state_idx` ON `charity_projects` (`state`,`created_at`);--> statement-breakpoint
CREATE TABLE `charity_receipt_photos` (
	`disbursement_id` integer NOT NULL,
	`position` integer NOT NULL,
	`photo_id` text NOT NULL,
	`sha256` text NOT NULL,
	PRIMARY KEY(`disbursement_id`, `position`),
	FOREIGN KEY (`disbursement_id`) REFERENCES `charity_disbursements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`village_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`project_id` integer,
	`amount_fen` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`body` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`project_id`) REFERENCES `charity_projects`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "ledger_entries_seq" CHECK("ledger_entries"."seq" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_village_seq_unique` ON `ledger_entries` (`village_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_hash_unique` ON `ledger_entries` (`hash`);--> statement-breakpoint
CREATE INDEX `ledger_entries_project_idx` ON `ledger_entries` (`project_id`,`seq`);--> statement-breakpoint
CREATE TABLE `ledger_keys` (
	`name` text PRIMARY KEY NOT NULL,
	`public_key` text NOT NULL,
	`private_key` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
