import { customType } from 'drizzle-orm/pg-core';

/** Raw bytes (hashes of secrets), a Buffer in JS as SQLite's blob column gives. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
	dataType: () => 'bytea'
});
