// What the charity pages and other pillars use.
export { changeProjectState, createProject, findProject, takingGifts, type CharityProject } from './projects';
export { cancelGift, confirmGift, pledgeGift, type CharityGift } from './gifts';
export { appendLedgerEntry, ledgerKey, sealLedger, sealLedgers, sealLedgersJob, villageLedger } from './ledger';
export { approveDisbursement, maxReceiptPhotos, objectToDisbursement, payDueDisbursements, payDueDisbursementsJob, proposeDisbursement, rejectDisbursement, reverseEntry } from './disbursements';
export { findCheckpoint, hasUnsealedEntries, listCheckpoints, sealLedgerNow, type Checkpoint } from './checkpoints';
