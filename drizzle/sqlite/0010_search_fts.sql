-- Search moves from the market's trigram index to one index for every pillar, over
-- the segmenter's tokens in search_entries (see src/lib/server/platform/search-tokens.ts).
-- The tokens are letters and digits separated by spaces, so unicode61 takes each
-- one whole, Han words included. The entries are filled by the app at start
-- (products that have none), since the segmenter runs in JavaScript.
DROP TRIGGER IF EXISTS `product_search_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `product_search_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `product_search_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `product_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts` USING fts5(title, extra, body, content = 'search_entries', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0');
--> statement-breakpoint
CREATE TRIGGER `search_entries_insert` AFTER INSERT ON `search_entries` BEGIN
	INSERT INTO `search_fts` (rowid, title, extra, body) VALUES (new.id, new.title, new.extra, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_entries_delete` AFTER DELETE ON `search_entries` BEGIN
	INSERT INTO `search_fts` (`search_fts`, rowid, title, extra, body) VALUES ('delete', old.id, old.title, old.extra, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_entries_update` AFTER UPDATE ON `search_entries` BEGIN
	INSERT INTO `search_fts` (`search_fts`, rowid, title, extra, body) VALUES ('delete', old.id, old.title, old.extra, old.body);
	INSERT INTO `search_fts` (rowid, title, extra, body) VALUES (new.id, new.title, new.extra, new.body);
END;
