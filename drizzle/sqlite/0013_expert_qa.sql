CREATE TABLE `expert_crops` (
	`user_id` integer NOT NULL,
	`crop_id` integer NOT NULL,
	PRIMARY KEY(`user_id`, `crop_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`crop_id`) REFERENCES `qa_crops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `expert_crops_crop_idx` ON `expert_crops` (`crop_id`);--> statement-breakpoint
CREATE TABLE `expert_topics` (
	`user_id` integer NOT NULL,
	`topic` text NOT NULL,
	PRIMARY KEY(`user_id`, `topic`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `experts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`real_name` text NOT NULL,
	`unit` text NOT NULL,
	`credential_photo_id` text,
	`verified_by` integer,
	`verified_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`credential_photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`verified_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `experts_user_unique` ON `experts` (`user_id`);--> statement-breakpoint
CREATE TABLE `qa_alert_questions` (
	`alert_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	PRIMARY KEY(`alert_id`, `question_id`),
	FOREIGN KEY (`alert_id`) REFERENCES `qa_alerts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `qa_questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `qa_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`county` text NOT NULL,
	`crop_id` integer NOT NULL,
	`topic` text NOT NULL,
	`households` integer NOT NULL,
	`window_start` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`notice_id` integer,
	FOREIGN KEY (`crop_id`) REFERENCES `qa_crops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `qa_alerts_subject_idx` ON `qa_alerts` (`county`,`crop_id`,`topic`,`created_at`);--> statement-breakpoint
CREATE TABLE `qa_answer_photos` (
	`answer_id` integer NOT NULL,
	`photo_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`answer_id`, `position`),
	FOREIGN KEY (`answer_id`) REFERENCES `qa_answers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `qa_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`question_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`body` text NOT NULL,
	`votes` integer DEFAULT 0 NOT NULL,
	`hidden_at` integer,
	`hidden_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`edited_at` integer,
	FOREIGN KEY (`question_id`) REFERENCES `qa_questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "qa_answers_votes" CHECK("qa_answers"."votes" >= 0)
);
--> statement-breakpoint
CREATE INDEX `qa_answers_question_idx` ON `qa_answers` (`question_id`,`id`);--> statement-breakpoint
CREATE INDEX `qa_answers_author_idx` ON `qa_answers` (`author_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `qa_crops` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_en` text NOT NULL,
	`position` integer NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `qa_crops_name_unique` ON `qa_crops` (`name`);--> statement-breakpoint
CREATE TABLE `qa_edits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target` text NOT NULL,
	`ref_id` integer NOT NULL,
	`editor_id` integer,
	`title` text,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `qa_edits_target_idx` ON `qa_edits` (`target`,`ref_id`,`id`);--> statement-breakpoint
CREATE TABLE `qa_me_toos` (
	`question_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`question_id`, `user_id`),
	FOREIGN KEY (`question_id`) REFERENCES `qa_questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `qa_me_toos_user_idx` ON `qa_me_toos` (`user_id`);--> statement-breakpoint
CREATE INDEX `qa_me_toos_created_idx` ON `qa_me_toos` (`created_at`);--> statement-breakpoint
CREATE TABLE `qa_question_photos` (
	`question_id` integer NOT NULL,
	`photo_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`question_id`, `position`),
	FOREIGN KEY (`question_id`) REFERENCES `qa_questions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `qa_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asker_id` integer NOT NULL,
	`village_id` integer,
	`crop_id` integer NOT NULL,
	`topic` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`accepted_answer_id` integer,
	`answer_count` integer DEFAULT 0 NOT NULL,
	`me_too_count` integer DEFAULT 0 NOT NULL,
	`hidden_at` integer,
	`hidden_by` integer,
	`experts_alerted_at` integer,
	`cadres_alerted_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`edited_at` integer,
	FOREIGN KEY (`asker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`crop_id`) REFERENCES `qa_crops`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "qa_questions_counts" CHECK("qa_questions"."answer_count" >= 0 AND "qa_questions"."me_too_count" >= 0)
);
--> statement-breakpoint
CREATE INDEX `qa_questions_created_idx` ON `qa_questions` (`created_at`);--> statement-breakpoint
CREATE INDEX `qa_questions_crop_topic_idx` ON `qa_questions` (`crop_id`,`topic`,`created_at`);--> statement-breakpoint
CREATE INDEX `qa_questions_unanswered_idx` ON `qa_questions` (`answer_count`,`created_at`);--> statement-breakpoint
CREATE INDEX `qa_questions_village_idx` ON `qa_questions` (`village_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `qa_questions_asker_idx` ON `qa_questions` (`asker_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `qa_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target` text NOT NULL,
	`ref_id` integer NOT NULL,
	`reporter_id` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `qa_reports_unique` ON `qa_reports` (`target`,`ref_id`,`reporter_id`);--> statement-breakpoint
CREATE INDEX `qa_reports_open_idx` ON `qa_reports` (`resolved_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `qa_votes` (
	`answer_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`answer_id`, `user_id`),
	FOREIGN KEY (`answer_id`) REFERENCES `qa_answers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
