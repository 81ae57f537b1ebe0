#!/usr/bin/env node
/** The `renp` executable. */
import { main } from "./main.js";
import { handlePendingSignals, installSignalHandlers } from "./signals.js";

installSignalHandlers();
void main(process.argv.slice(2)).then(async (code) => {
  process.exitCode = code;
  await handlePendingSignals(); // a signal that came during synchronous work ends it 128 + n
});
