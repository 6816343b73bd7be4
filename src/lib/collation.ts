/**
 * The order people look names up in: Chinese by pinyin (阿, 李, 张), numbers by
 * value (村2 before 村10). Sorted here rather than by the database, whose order
 * is code points on SQLite and the server's collation on PostgreSQL: one order
 * on both engines, and one collator for every sort.
 */
export const byName = new Intl.Collator('zh-CN', { numeric: true }).compare;
