// Letters to the committee (书记信箱): what the server's rules and the pages' forms share.

export const subjectMaxLength = 60;
export const bodyMaxLength = 2000;

/**
 * Where a thread stands: nobody from the committee has answered yet, the last
 * word is the committee's, or the writer added something after an answer.
 */
export type LetterState = 'waiting' | 'answered' | 'followed-up';
