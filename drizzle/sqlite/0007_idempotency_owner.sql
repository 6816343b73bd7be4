ALTER TABLE `idempotent_requests` ADD `owner` text;--> statement-breakpoint
ALTER TABLE `idempotent_requests` ADD `committed_at` integer;