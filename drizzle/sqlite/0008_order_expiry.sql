ALTER TABLE `orders` ADD `expires_at` integer;--> statement-breakpoint
CREATE INDEX `orders_expiry_idx` ON `orders` (`status`,`expires_at`);