CREATE TABLE `live_buyer_totals` (
	`live_item_id` integer NOT NULL,
	`buyer_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`live_item_id`, `buyer_id`),
	FOREIGN KEY (`live_item_id`) REFERENCES `live_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`buyer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "live_buyer_totals_quantity" CHECK("live_buyer_totals"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE `live_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`live_sale_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`text` text NOT NULL,
	`hidden_at` integer,
	`hidden_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`live_sale_id`) REFERENCES `live_sales`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `live_comments_sale_idx` ON `live_comments` (`live_sale_id`,`id`);--> statement-breakpoint
CREATE TABLE `live_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`live_sale_id` integer NOT NULL,
	`kind` text NOT NULL,
	`ref_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`live_sale_id`) REFERENCES `live_sales`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `live_events_sale_idx` ON `live_events` (`live_sale_id`,`id`);--> statement-breakpoint
CREATE TABLE `live_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`live_sale_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`position` integer NOT NULL,
	`flash_price_fen` integer NOT NULL,
	`flash_cap` integer NOT NULL,
	`sold` integer DEFAULT 0 NOT NULL,
	`per_buyer_limit` integer NOT NULL,
	`window_starts_at` integer,
	`window_ends_at` integer,
	`pinned_at` integer,
	FOREIGN KEY (`live_sale_id`) REFERENCES `live_sales`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "live_items_sold" CHECK("live_items"."sold" >= 0 AND "live_items"."sold" <= "live_items"."flash_cap"),
	CONSTRAINT "live_items_price_positive" CHECK("live_items"."flash_price_fen" > 0),
	CONSTRAINT "live_items_limit_positive" CHECK("live_items"."per_buyer_limit" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_items_sale_product_unique` ON `live_items` (`live_sale_id`,`product_id`);--> statement-breakpoint
CREATE INDEX `live_items_product_idx` ON `live_items` (`product_id`);--> statement-breakpoint
CREATE TABLE `live_moments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`live_sale_id` integer NOT NULL,
	`author_id` integer,
	`text` text DEFAULT '' NOT NULL,
	`photo_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`live_sale_id`) REFERENCES `live_sales`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `live_moments_sale_idx` ON `live_moments` (`live_sale_id`,`id`);--> statement-breakpoint
CREATE TABLE `live_mutes` (
	`live_sale_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`muted_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`live_sale_id`, `user_id`),
	FOREIGN KEY (`live_sale_id`) REFERENCES `live_sales`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`muted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `live_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`live_sale_id` integer NOT NULL,
	`live_item_id` integer NOT NULL,
	`buyer_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`released_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`live_sale_id`) REFERENCES `live_sales`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`live_item_id`) REFERENCES `live_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`buyer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "live_orders_quantity_positive" CHECK("live_orders"."quantity" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_orders_order_unique` ON `live_orders` (`order_id`);--> statement-breakpoint
CREATE INDEX `live_orders_sale_idx` ON `live_orders` (`live_sale_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `live_reminders` (
	`live_sale_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`notified_at` integer,
	PRIMARY KEY(`live_sale_id`, `user_id`),
	FOREIGN KEY (`live_sale_id`) REFERENCES `live_sales`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `live_reminders_due_idx` ON `live_reminders` (`notified_at`,`live_sale_id`);--> statement-breakpoint
CREATE TABLE `live_sales` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`village_id` integer NOT NULL,
	`host_id` integer NOT NULL,
	`cooperative` integer DEFAULT false NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`cover_photo_id` text,
	`stream_url` text,
	`replay_url` text,
	`status` text NOT NULL,
	`starts_at` integer NOT NULL,
	`planned_end_at` integer NOT NULL,
	`started_at` integer,
	`ended_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`host_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cover_photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "live_sales_times" CHECK("live_sales"."planned_end_at" > "live_sales"."starts_at")
);
--> statement-breakpoint
CREATE INDEX `live_sales_status_idx` ON `live_sales` (`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `live_sales_village_idx` ON `live_sales` (`village_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `live_sales_host_idx` ON `live_sales` (`host_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `live_viewer_counts` (
	`live_sale_id` integer NOT NULL,
	`process_id` text NOT NULL,
	`viewers` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`live_sale_id`, `process_id`),
	FOREIGN KEY (`live_sale_id`) REFERENCES `live_sales`(`id`) ON UPDATE no action ON DELETE cascade
);
