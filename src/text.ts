/** Words for messages, shared by the library's reports and the command line. */

/** "1 toy", "2 toys": a count with its noun (plural by adding s). */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
