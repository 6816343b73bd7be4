-- The market's full-text index: FTS5's trigram tokenizer matches any run of three
-- or more characters, which suits Chinese (no word breaks needed). Kept in step
-- with products by triggers, so no write path can forget it; the village name is
-- indexed too, so "舒王庄 樱桃" finds that village's cherries. Shorter queries
-- (1-2 characters) cannot use trigrams: the search module falls back to LIKE.
CREATE VIRTUAL TABLE `product_search` USING fts5(title, description, village, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `product_search_insert` AFTER INSERT ON `products` BEGIN
	INSERT INTO `product_search` (rowid, title, description, village)
	VALUES (new.id, new.title, new.description, (SELECT name FROM villages WHERE id = new.village_id));
END;
--> statement-breakpoint
CREATE TRIGGER `product_search_update` AFTER UPDATE OF title, description, village_id ON `products` BEGIN
	DELETE FROM `product_search` WHERE rowid = old.id;
	INSERT INTO `product_search` (rowid, title, description, village)
	VALUES (new.id, new.title, new.description, (SELECT name FROM villages WHERE id = new.village_id));
END;
--> statement-breakpoint
CREATE TRIGGER `product_search_delete` AFTER DELETE ON `products` BEGIN
	DELETE FROM `product_search` WHERE rowid = old.id;
END;
