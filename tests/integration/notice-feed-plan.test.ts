// The feed's per-item counts must stay probes by index on PostgreSQL. A correlated EXISTS in a
// select list may be planned as a hashed subplan that reads its whole table on every page
// (every membership of every village, every poll); PostgreSQL picks it when it expects many
// rows, so the check needs a village with more notices than a page, and statistics (ANALYZE).
// Tables this small are sampled whole, so the plan is the same on every run.
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { db, engine, notices, queryRows, transaction } from '$lib/server/platform/db';
import { feedStatement } from '$lib/server/notices/feed';
import { makeCadre, makeVillage } from './factories';

describe.runIf(engine === 'postgres')('the notice feed on PostgreSQL', () => {
	it('counts each item by index, never by hashing memberships, polls or disclosure rows', async () => {
		const village = await makeVillage();
		const other = await makeVillage();
		const cadre = await makeCadre(village);
		await transaction(async (tx) => {
			await tx.execute(sql`insert into users (username, display_name, password_hash)
				select 'plan-' || i, 'plan', 'x' from generate_series(1, 3000) i`);
			await tx.execute(sql`insert into memberships (user_id, village_id, role, real_name, verified_at)
				select id, ${other.id}, 'villager', 'plan', now() from users where username like 'plan-%'`);
			await tx.execute(sql`insert into notices (village_id, author_id, title, body, category, audience, status, published_at)
				select ${village.id}, ${cadre.id}, 'n', 'b', 'general', 'public', 'published', now() - i * interval '1 minute'
				from generate_series(1, 2000) i`);
			await tx.execute(sql`insert into polls (notice_id, question, closes_at)
				select id, 'q', now() from notices where village_id = ${village.id} and id % 20 = 0`);
			await tx.execute(sql`insert into disclosure_rows (notice_id, position, date, item, amount_fen)
				select id, 0, '2026-01-01', 'i', 1 from notices where village_id = ${village.id} and id % 20 = 0`);
		});
		await queryRows(db, sql`analyze`);

		const page = feedStatement(and(eq(notices.villageId, village.id), eq(notices.status, 'published')), 21);
		const [row] = await queryRows<{ 'QUERY PLAN': unknown }>(db, sql`explain (verbose, format json) ${page}`);
		// VERBOSE names a hashed subplan where its result is used: "(hashed SubPlan 4)".
		expect(JSON.stringify(row['QUERY PLAN']).match(/hashed SubPlan \d+/g)).toBeNull();
	});
});
