#!/usr/bin/env node
/** The `renp` executable. */
import { main } from "./main.js";
import { installSignalHandlers } from "./signals.js";

installSignalHandlers();
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
