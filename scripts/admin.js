#!/usr/bin/env node
// npm run admin -- create-admin <username>
// Makes the first county admin. The password is read from ADMIN_PASSWORD, from
// standard input when it is piped, or asked for (hidden) at the terminal.
// The app's own modules are loaded through Vite so the rules (password policy,
// username format, migrations) are the very ones the server uses.
import { createInterface } from 'node:readline';
import { createServer } from 'vite';

const [command, username] = process.argv.slice(2);
if (command !== 'create-admin' || !username) {
	console.error('Usage: npm run admin -- create-admin <username>\n  password: ADMIN_PASSWORD, piped on stdin, or typed at the prompt');
	process.exit(2);
}

function askHidden(question) {
	return new Promise((resolve) => {
		const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
		// Echo nothing of what is typed after the question.
		rl._writeToOutput = (text) => {
			if (text.includes(question)) process.stdout.write(text);
		};
		rl.question(question, (answer) => {
			rl.close();
			process.stdout.write('\n');
			resolve(answer);
		});
	});
}

async function readPiped() {
	let text = '';
	for await (const chunk of process.stdin) text += chunk;
	return text.split('\n')[0].replace(/\r$/, '');
}

async function readPassword() {
	if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
	if (!process.stdin.isTTY) return readPiped();
	const first = await askHidden('Password for the new admin: ');
	const again = await askHidden('Same password again: ');
	if (first !== again) {
		console.error('The two passwords differ; nothing was changed.');
		process.exit(1);
	}
	return first;
}

const password = await readPassword();
const vite = await createServer({
	server: { middlewareMode: true, hmr: false, watch: null },
	appType: 'custom',
	logLevel: 'error'
});
let exitCode = 0;
try {
	const { createAdmin } = await vite.ssrLoadModule('/src/lib/server/auth/accounts.ts');
	const { runInLocale } = await vite.ssrLoadModule('/src/lib/server/platform/i18n.ts');
	const { databaseUrl, migrateDatabase, closeDatabase } = await vite.ssrLoadModule('/src/lib/server/platform/db/index.ts');
	// Before the server ever ran, a PostgreSQL database has no tables yet (SQLite's are made when it opens).
	await migrateDatabase();
	const { user, created } = await runInLocale('en', () => createAdmin(username, password));
	await closeDatabase();
	console.log(
		created
			? `Created admin "${user.username}" in ${databaseUrl}. Log in at /login and add villages at /admin.`
			: `"${user.username}" already existed and is now an admin (password unchanged).`
	);
} catch (error) {
	// A refusal from the password or username rules reads as a plain sentence.
	console.error(error instanceof Error && error.name === 'UserError' ? error.message : error);
	exitCode = 1;
} finally {
	await vite.close();
}
process.exit(exitCode);
