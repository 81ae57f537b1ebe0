/**
 * Reading renp Arrow files back (docs/architecture.md, "File formats"): columns by name as typed
 * arrays, schema metadata parsed. Reads by column or by record batch, never row by row (row access
 * measured ~130x slower; docs/architecture.md).
 * Toy files are walked batch by batch (batches hold whole toys), so a summary over all toys or
 * the rows of one toy never materialise the whole table.
 *
 * The modules, in io/read/: metadata.ts (renp.* metadata, file kinds), arrowFile.ts (any Arrow
 * file: framing, summary, columns), expected.ts (expected.arrow), toyCounts.ts (toys.arrow batch
 * by batch), runFiles.ts (the files of a run folder).
 */
export { RenpFileError } from "../errors.js";
export {
  batchColumns,
  readArrowColumns,
  summarizeArrow,
  type ArrowColumns,
  type ArrowFileSummary,
  type FieldInfo,
  type NumericColumn,
} from "./read/arrowFile.js";
export { readExpected, type ExpectedData } from "./read/expected.js";
export {
  excerpt,
  parseMetadata,
  RENP_FILE_KINDS,
  type FileKind,
  type RenpMetadata,
} from "./read/metadata.js";
export { expectedBeside, toyFilesIn } from "./read/runFiles.js";
export {
  forEachToyBatch,
  readToyCounts,
  summarizeToys,
  type ToySummary,
} from "./read/toyCounts.js";
