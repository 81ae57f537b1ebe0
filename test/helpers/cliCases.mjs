/**
 * Runs renp commands one after another in this process (the compiled CLI's main), for tests that
 * run many cheap cases under one bound (test/io/readersFuzz.test.ts). Usage:
 *   node cliCases.mjs CASES.json
 * CASES.json is a list of argument lists. For each case it writes "start <i>" on stdout before
 * running it (so the parent can tell which case hangs), then one line "done <i> <json>" with the
 * exit code and what the command wrote to stderr (at most 2,000 characters).
 */
import { readFileSync, writeSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const { main } = await import(join(root, "dist", "src", "cli", "main.js"));
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));

let stderr = "";
process.stdout.write = () => true;
process.stderr.write = (chunk) => {
  if (stderr.length < 2000) stderr += String(chunk);
  return true;
};
for (const [i, args] of cases.entries()) {
  writeSync(1, `start ${i}\n`);
  stderr = "";
  let code;
  try {
    code = await main(args);
  } catch (err) {
    code = -1;
    stderr += `main threw: ${String(err)}`;
  }
  writeSync(1, `done ${i} ${JSON.stringify({ code, stderr: stderr.slice(0, 2000) })}\n`);
}
