// A village's charity ledger, as anyone can check it without trusting our server: the format's
// canonical form, each entry's hash, and the checks of a whole downloaded ledger (docs/ledger.md).
// Plain JavaScript with no imports, run as it is by the server (to write entries), by
// `node scripts/verify-ledger.js` (nothing but Node needed) and by the browser's verifier:
// hashing and signatures go through Web Crypto, which all three have.

/** The `format` a ledger file names; a verifier refuses any other. */
export const ledgerFormat = 'village-square-ledger/1';

/** The `prev` of a village's first entry. */
export const genesisHash = '0'.repeat(64);

/** What an entry records. Cash kinds change a project's balance; goods and hours never do. */
export const entryKinds = /** @type {const} */ (['donation', 'disbursement', 'reversal', 'goods', 'hours', 'checkpoint']);

/**
 * @typedef {typeof entryKinds[number]} EntryKind
 * @typedef {{ length: number, head: string, signature: string }} CheckpointSeal
 * @typedef {{
 *   seq: number, at: string, kind: EntryKind, project: number | null, amountFen: number,
 *   label: string, donor: string | null, receipt: string | null, receipts: string[], approvers: string[],
 *   reverses: number | null, checkpoint: CheckpointSeal | null, prev: string, hash: string
 * }} LedgerEntry
 * @typedef {{ format: string, village: { slug: string, name: string }, publicKey: string, entries: LedgerEntry[] }} LedgerFile
 * @typedef {'format' | 'sequence' | 'link' | 'hash' | 'kind' | 'amount' | 'reversal' | 'balance' | 'checkpoint' | 'signature'} ProblemCode
 * @typedef {{ seq: number | null, code: ProblemCode }} LedgerProblem
 * @typedef {{ entries: number, checkpoints: number, head: string, balances: Record<string, number>, problem: LedgerProblem | null }} LedgerCheck
 */

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values a ledger holds: strings, safe integers,
 * booleans, null, arrays and objects. Keys sorted by UTF-16 code units, no spaces, strings as
 * ECMAScript's JSON.stringify writes them; a fraction or a number past 2^53 is refused, so no
 * number ever needs RFC 8785's float formatting.
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
	if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value)) throw new TypeError(`not a whole number of fen: ${value}`);
		return JSON.stringify(value);
	}
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (typeof value === 'object') {
		const keys = Object.keys(value).sort();
		const record = /** @type {Record<string, unknown>} */ (value);
		return `{${keys.filter((key) => record[key] !== undefined).map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
	}
	throw new TypeError(`a ledger holds no ${typeof value}`);
}

// A byte's two hex digits looked up, not formatted: a whole ledger turns 100,000 digests into hex.
const hexDigits = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** @param {ArrayBuffer} bytes */
const toHex = (bytes) => {
	let hex = '';
	for (const byte of new Uint8Array(bytes)) hex += hexDigits[byte];
	return hex;
};

/** @param {string} base64 */
const fromBase64 = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/**
 * What an entry's hash covers: every field but `prev` and `hash`, canonical.
 * @param {LedgerEntry | Omit<LedgerEntry, 'prev' | 'hash'>} entry
 */
export function entryBody(entry) {
	const { prev: _prev, hash: _hash, ...body } = /** @type {LedgerEntry} */ (entry);
	return canonicalJson(body);
}

/**
 * SHA-256 of UTF-8 text as lowercase hex. Web Crypto by default, which every runtime has; Node's
 * own hash is passed where it runs, since Web Crypto's asynchronous call costs more than the
 * hashing itself, 100,000 times over in a whole ledger.
 * @typedef {(text: string) => string | Promise<string>} Digest
 * @type {(text: string) => Promise<string>}
 */
export const webDigest = async (text) => toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));

/**
 * SHA-256 of the previous entry's hash (64 lowercase hex characters) followed by the entry's
 * canonical JSON, both as UTF-8: lowercase hex.
 * @param {string} prev
 * @param {LedgerEntry | Omit<LedgerEntry, 'prev' | 'hash'>} entry
 * @param {Digest} [digest]
 * @returns {Promise<string>}
 */
export async function entryHash(prev, entry, digest = webDigest) {
	return digest(prev + entryBody(entry));
}

/**
 * `body` made the entry after `prev`: linked to it and hashed.
 * @param {string} prev
 * @param {Omit<LedgerEntry, 'prev' | 'hash'>} body
 * @param {Digest} [digest]
 * @returns {Promise<LedgerEntry>}
 */
export async function chainEntry(prev, body, digest = webDigest) {
	return { ...body, prev, hash: await entryHash(prev, body, digest) };
}

/**
 * What a gift's entry carries of the donor's receipt code: its SHA-256, so the code finds the
 * entry and only its holder can show that the entry is theirs.
 * @param {string} code as printed on the receipt; spaces, dashes and case do not matter
 * @returns {Promise<string>}
 */
export async function receiptHash(code) {
	return webDigest(code.toUpperCase().replace(/[^0-9A-Z]/g, ''));
}

/**
 * What a checkpoint signs: the village and its chain's length and head, canonical, as UTF-8.
 * @param {string} village the village's slug
 * @param {number} length
 * @param {string} head
 */
export function checkpointMessage(village, length, head) {
	return new TextEncoder().encode(canonicalJson({ format: ledgerFormat, village, length, head }));
}

/** @param {unknown} value */
const isHex64 = (value) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
const cashKinds = new Set(['donation', 'disbursement', 'reversal']);

/**
 * Entries hashed at once. Web Crypto answers each digest asynchronously, so awaiting them one by
 * one spends its time waiting (6 s for 100,000 entries); each entry names its `prev`, so its hash
 * needs no other, and a batch in flight together keeps the hashing busy without holding a whole
 * ledger's promises. A batch past the first problem is never started.
 */
const hashBatch = 2000;

/**
 * What each entry of `entries[from, to)` hashes to, from its own `prev`: null for an entry that
 * is not an object or cannot be written canonically (the checks name those).
 * @param {unknown[]} entries @param {number} from @param {number} to @param {Digest} digest
 * @returns {Promise<(string | null)[]>}
 */
function hashEntries(entries, from, to, digest) {
	return Promise.all(
		entries.slice(from, to).map(async (entry) => {
			if (!entry || typeof entry !== 'object') return null;
			try {
				return await entryHash(String(/** @type {LedgerEntry} */ (entry).prev), /** @type {LedgerEntry} */ (entry), digest);
			} catch {
				return null;
			}
		})
	);
}

/**
 * Checks a whole ledger: the sequence has no gap, each entry names the one before it and hashes
 * to what it says, amounts obey their kind, a reversal undoes one earlier cash entry once, no
 * project's cash balance goes below zero, and every checkpoint is signed by the village's key
 * over the chain as it stood. Stops at the first problem and names its entry.
 * @param {unknown} file a parsed ledger.json
 * @param {{ digest?: Digest }} [options]
 * @returns {Promise<LedgerCheck>}
 */
export async function verifyLedger(file, { digest = webDigest } = {}) {
	/** @type {Record<string, number>} */
	const balances = {};
	let head = genesisHash;
	let checkpoints = 0;
	/** @param {number | null} seq @param {ProblemCode} code @returns {LedgerCheck} */
	const fail = (seq, code) => ({ entries: Math.max(0, (seq ?? 1) - 1), checkpoints, head, balances, problem: { seq, code } });

	const ledger = /** @type {LedgerFile} */ (file);
	if (!ledger || typeof ledger !== 'object' || ledger.format !== ledgerFormat || !Array.isArray(ledger.entries) || typeof ledger.village?.slug !== 'string') return fail(null, 'format');
	/** @type {CryptoKey | null} */
	let key = null;
	try {
		key = await crypto.subtle.importKey('raw', fromBase64(ledger.publicKey), { name: 'Ed25519' }, false, ['verify']);
	} catch {
		return fail(null, 'format');
	}
	/** @type {Map<number, LedgerEntry>} */
	const reversible = new Map();
	/** @type {(string | null)[]} */
	let hashes = [];
	for (const [index, entry] of ledger.entries.entries()) {
		const seq = index + 1;
		if (index % hashBatch === 0) hashes = await hashEntries(ledger.entries, index, index + hashBatch, digest);
		if (!entry || typeof entry !== 'object' || entry.seq !== seq) return fail(seq, 'sequence');
		if (entry.prev !== head) return fail(seq, 'link');
		// Hashed from its own `prev`, which is `head` now that the link holds.
		const hash = hashes[index % hashBatch];
		if (hash === null) return fail(seq, 'amount');
		if (!isHex64(entry.hash) || entry.hash !== hash) return fail(seq, 'hash');
		if (!entryKinds.includes(entry.kind)) return fail(seq, 'kind');
		if (entry.receipt !== null && !isHex64(entry.receipt)) return fail(seq, 'kind');
		if (!Number.isSafeInteger(entry.amountFen)) return fail(seq, 'amount');

		if (entry.kind === 'checkpoint') {
			const seal = entry.checkpoint;
			if (!seal || entry.amountFen !== 0 || entry.project !== null || seal.length !== seq - 1 || seal.head !== head) return fail(seq, 'checkpoint');
			let signed = false;
			try {
				signed = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(seal.signature), checkpointMessage(ledger.village.slug, seal.length, seal.head));
			} catch {
				signed = false;
			}
			if (!signed) return fail(seq, 'signature');
			checkpoints++;
		} else {
			const project = String(entry.project);
			if (entry.project === null || !Number.isSafeInteger(entry.project)) return fail(seq, 'kind');
			if (!cashKinds.has(entry.kind)) {
				if (entry.amountFen !== 0) return fail(seq, 'amount');
			} else if (entry.kind === 'reversal') {
				const undone = entry.reverses === null ? undefined : reversible.get(entry.reverses);
				if (!undone || undone.project !== entry.project || entry.amountFen !== -undone.amountFen) return fail(seq, 'reversal');
				reversible.delete(undone.seq);
			} else {
				if (entry.kind === 'donation' ? entry.amountFen <= 0 : entry.amountFen >= 0) return fail(seq, 'amount');
				reversible.set(seq, entry);
			}
			const balance = (balances[project] ?? 0) + entry.amountFen;
			if (balance < 0) return fail(seq, 'balance');
			balances[project] = balance;
		}
		head = hash;
	}
	return { entries: ledger.entries.length, checkpoints, head, balances, problem: null };
}

/**
 * A short fingerprint of the server's public key, to print on a poster and compare by eye with a
 * ledger's `publicKey`: the first 16 hex characters of SHA-256 of its 32 raw bytes, in fours.
 * @param {string} publicKey base64, as a ledger file carries it
 * @returns {Promise<string>}
 */
export async function keyFingerprint(publicKey) {
	const hex = toHex(await crypto.subtle.digest('SHA-256', fromBase64(publicKey)));
	return hexGroups(hex.slice(0, 16)).join(' ');
}

/**
 * A hash in groups of four characters, to read aloud and compare by eye.
 * @param {string} hex
 * @returns {string[]}
 */
export function hexGroups(hex) {
	return hex.match(/.{1,4}/g) ?? [];
}
