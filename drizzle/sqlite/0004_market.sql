CREATE TABLE `cart_items` (
	`user_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`added_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `product_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "cart_items_quantity_positive" CHECK("cart_items"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`params` text NOT NULL,
	`href` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `order_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`status` text NOT NULL,
	`kind` text DEFAULT 'status' NOT NULL,
	`actor_id` integer,
	`note` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `order_events_order_idx` ON `order_events` (`order_id`,`at`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`title` text NOT NULL,
	`unit` text NOT NULL,
	`unit_price_fen` integer NOT NULL,
	`quantity` integer NOT NULL,
	`line_total_fen` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_lines_quantity_positive" CHECK("order_lines"."quantity" > 0),
	CONSTRAINT "order_lines_total" CHECK("order_lines"."line_total_fen" = "order_lines"."unit_price_fen" * "order_lines"."quantity")
);
--> statement-breakpoint
CREATE INDEX `order_lines_order_idx` ON `order_lines` (`order_id`);--> statement-breakpoint
CREATE INDEX `order_lines_product_idx` ON `order_lines` (`product_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`checkout_id` text NOT NULL,
	`buyer_id` integer NOT NULL,
	`seller_id` integer NOT NULL,
	`village_id` integer NOT NULL,
	`status` text NOT NULL,
	`delivery` text NOT NULL,
	`recipient_name` text NOT NULL,
	`recipient_phone` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`pickup_place` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`subtotal_fen` integer NOT NULL,
	`ship_fee_fen` integer NOT NULL,
	`total_fen` integer NOT NULL,
	`payment_provider` text NOT NULL,
	`payment_method` text NOT NULL,
	`payment_reference` text,
	`paid_at` integer,
	`team_id` integer,
	`tracking_note` text,
	`cancel_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`buyer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "orders_totals" CHECK("orders"."subtotal_fen" >= 0 AND "orders"."ship_fee_fen" >= 0 AND "orders"."total_fen" = "orders"."subtotal_fen" + "orders"."ship_fee_fen")
);
--> statement-breakpoint
CREATE INDEX `orders_buyer_idx` ON `orders` (`buyer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_seller_idx` ON `orders` (`seller_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_checkout_idx` ON `orders` (`checkout_id`);--> statement-breakpoint
CREATE INDEX `orders_team_idx` ON `orders` (`team_id`);--> statement-breakpoint
CREATE TABLE `product_photos` (
	`product_id` integer NOT NULL,
	`position` integer NOT NULL,
	`photo_id` text NOT NULL,
	PRIMARY KEY(`product_id`, `position`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`village_id` integer NOT NULL,
	`seller_id` integer NOT NULL,
	`cooperative` integer DEFAULT false NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`category` text NOT NULL,
	`unit` text NOT NULL,
	`price_fen` integer NOT NULL,
	`stock` integer NOT NULL,
	`min_order` integer DEFAULT 1 NOT NULL,
	`ships_from` text,
	`ships_until` text,
	`shipping` integer DEFAULT true NOT NULL,
	`ship_fee_fen` integer DEFAULT 0 NOT NULL,
	`pickup` integer DEFAULT false NOT NULL,
	`pickup_place` text DEFAULT '' NOT NULL,
	`pickup_time` text DEFAULT '' NOT NULL,
	`team_size` integer,
	`team_price_fen` integer,
	`team_hours` integer,
	`status` text NOT NULL,
	`review_count` integer DEFAULT 0 NOT NULL,
	`rating_total` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`listed_at` integer,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`seller_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "products_stock_not_negative" CHECK("products"."stock" >= 0),
	CONSTRAINT "products_price_positive" CHECK("products"."price_fen" > 0),
	CONSTRAINT "products_min_order_positive" CHECK("products"."min_order" >= 1),
	CONSTRAINT "products_ship_fee_not_negative" CHECK("products"."ship_fee_fen" >= 0),
	CONSTRAINT "products_team_price" CHECK("products"."team_price_fen" IS NULL OR ("products"."team_price_fen" > 0 AND "products"."team_price_fen" < "products"."price_fen"))
);
--> statement-breakpoint
CREATE INDEX `products_market_idx` ON `products` (`status`,`listed_at`,`id`);--> statement-breakpoint
CREATE INDEX `products_market_price_idx` ON `products` (`status`,`price_fen`,`id`);--> statement-breakpoint
CREATE INDEX `products_village_idx` ON `products` (`village_id`,`status`,`listed_at`);--> statement-breakpoint
CREATE INDEX `products_seller_idx` ON `products` (`seller_id`,`status`);--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`buyer_id` integer,
	`rating` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`photo_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`buyer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`photo_id`) REFERENCES `photos`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reviews_rating" CHECK("reviews"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reviews_order_id_unique` ON `reviews` (`order_id`);--> statement-breakpoint
CREATE INDEX `reviews_product_idx` ON `reviews` (`product_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`starter_id` integer NOT NULL,
	`size` integer NOT NULL,
	`price_fen` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`starter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "teams_size" CHECK("teams"."size" >= 2)
);
--> statement-breakpoint
CREATE INDEX `teams_open_idx` ON `teams` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `teams_product_idx` ON `teams` (`product_id`,`status`);