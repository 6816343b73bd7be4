DROP INDEX `notices_feed_category_idx`;--> statement-breakpoint
CREATE INDEX `notices_feed_pinned_idx` ON `notices` (`village_id`,`status`,`pinned`,`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `notices_feed_category_idx` ON `notices` (`village_id`,`category`,`status`,`pinned`,`published_at`,`id`);