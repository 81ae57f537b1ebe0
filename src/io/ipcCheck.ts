/**
 * A bounds check of an Arrow IPC file's structure before apache-arrow decodes it. apache-arrow
 * trusts the offsets and counts written in a file: one flipped bit in a message header makes its
 * file reader loop forever on the same block (a header type that is neither a schema nor a
 * batch), and a huge vector count makes it loop or allocate by that count. So every length,
 * offset and count read here is checked against the bytes that are really there, and anything
 * else is a RenpFileError (exit 1): the footer and its blocks, each block's message, the schema's
 * fields (nesting and total bounded), each record batch's nodes and buffers (inside the body).
 *
 * The layout read (the Arrow columnar format's "IPC File Format" and flatbuffers' binary format,
 * facts from their specifications): a file is "ARROW1" + padding, a stream of encapsulated
 * messages (0xFFFFFFFF, int32 metadata length, a flatbuffer Message, the body), a flatbuffer
 * Footer, its int32 length and "ARROW1". A flatbuffer table starts with an int32 offset back to
 * its vtable (uint16 vtable size, uint16 table size, one uint16 offset per field); offset fields
 * hold a uint32 relative to where they are; a vector is a uint32 count and its elements.
 */
import { readSync } from "node:fs";
import { RenpFileError } from "../errors.js";

/** Message header types (Message.fbs, MessageHeader). */
const HEADER = { schema: 1, dictionaryBatch: 2, recordBatch: 3 } as const;
/** The most fields (all levels) and the deepest nesting renp reads: its files have a handful. */
const MAX_FIELDS = 10_000;
const MAX_DEPTH = 64;
/** The most nodes or buffers a record batch may list. */
const MAX_BATCH_ENTRIES = 1_000_000;

/** A structural fault found inside the check; `check` rewraps it naming the file. */
class Bad extends RenpFileError {}

/**
 * Where the bytes come from: an array in memory, or a file read piece by piece (only the footer
 * and the messages' metadata, never the bodies: a shard of gigabytes is checked in kilobytes).
 */
interface ByteSource {
  size: number;
  /** `length` bytes from `at` (the caller checked they lie inside the file). */
  read(at: number, length: number): Uint8Array;
}

/** A DataView of exactly these bytes (a Buffer may be a view of a larger pool). */
const viewOf = (bytes: Uint8Array) =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A flatbuffer (one message's metadata, or the footer), every read bounds-checked. */
class FlatBuffer {
  private readonly view: DataView;
  readonly start = 0;
  readonly end: number;
  constructor(bytes: Uint8Array) {
    if (bytes.byteLength < 8) throw new Bad("a message too short");
    this.end = bytes.byteLength;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(at: number, size: number, what: string): void {
    if (!(at >= this.start && at + size <= this.end)) throw new Bad(`${what} outside its message`);
  }
  u8(at: number): number {
    this.need(at, 1, "a byte");
    return this.view.getUint8(at);
  }
  u16(at: number): number {
    this.need(at, 2, "a field");
    return this.view.getUint16(at, true);
  }
  i32(at: number): number {
    this.need(at, 4, "a field");
    return this.view.getInt32(at, true);
  }
  u32(at: number): number {
    this.need(at, 4, "an offset");
    return this.view.getUint32(at, true);
  }
  i64(at: number): number {
    this.need(at, 8, "a field");
    return Number(this.view.getBigInt64(at, true));
  }

  /** The root table's position. */
  root(): Table {
    return this.table(this.start + this.u32(this.start));
  }

  /** The table at `at`, its vtable checked to lie inside the buffer. */
  table(at: number): Table {
    const vtable = at - this.i32(at);
    const vtableSize = this.u16(vtable);
    const tableSize = this.u16(vtable + 2);
    if (vtableSize < 4 || vtableSize % 2 !== 0) throw new Bad("a malformed table");
    this.need(vtable, vtableSize, "a vtable");
    this.need(at, Math.max(4, tableSize), "a table");
    return new Table(this, at, vtable, vtableSize, tableSize);
  }

  /** The target of the offset field at `at`. */
  follow(at: number): number {
    const target = at + this.u32(at);
    this.need(target, 4, "an offset's target");
    return target;
  }

  /** A vector at `at` of elements of `size` bytes: its count and where the elements start. */
  vector(at: number, size: number, max: number): { count: number; first: number } {
    const count = this.u32(at);
    if (count > max) throw new Bad(`a vector of ${count} elements`);
    this.need(at + 4, count * size, `a vector of ${count} elements`);
    return { count, first: at + 4 };
  }
}

class Table {
  constructor(
    readonly fb: FlatBuffer,
    readonly at: number,
    private readonly vtable: number,
    private readonly vtableSize: number,
    private readonly tableSize: number,
  ) {}

  /** Where field `i` (of `size` bytes) is, or undefined when absent. */
  field(i: number, size: number): number | undefined {
    const slot = 4 + 2 * i;
    if (slot >= this.vtableSize) return undefined;
    const offset = this.fb.u16(this.vtable + slot);
    if (offset === 0) return undefined;
    if (offset + size > this.tableSize) throw new Bad("a field outside its table");
    return this.at + offset;
  }
  u8(i: number, fallback = 0): number {
    const at = this.field(i, 1);
    return at === undefined ? fallback : this.fb.u8(at);
  }
  i64(i: number, fallback = 0): number {
    const at = this.field(i, 8);
    return at === undefined ? fallback : this.fb.i64(at);
  }
  /** The table an offset field points to. */
  child(i: number): Table | undefined {
    const at = this.field(i, 4);
    return at === undefined ? undefined : this.fb.table(this.fb.follow(at));
  }
  /** A vector field's count and first element (offsets followed for tables). */
  vector(i: number, size: number, max: number): { count: number; first: number } | undefined {
    const at = this.field(i, 4);
    return at === undefined ? undefined : this.fb.vector(this.fb.follow(at), size, max);
  }
  /** A string field: its length checked (the bytes themselves are not read here). */
  string(i: number): void {
    const at = this.field(i, 4);
    if (at !== undefined) this.fb.vector(this.fb.follow(at), 1, Number.MAX_SAFE_INTEGER);
  }
}

/** Schema.fbs, Type union: FixedSizeBinary (byteWidth 0) and FixedSizeList (listSize 0). */
const FIXED_SIZE_TYPES = new Set([15, 16]);

/** What the schema walk learns: the largest fixed size, bounding a batch's values per row. */
interface SchemaFacts {
  fields: number;
  maxFixedSize: number;
}

/** Schema.fbs: Field (name 0, type_type 2, type 3, dictionary 4, children 5, metadata 6). */
function checkField(field: Table, depth: number, facts: SchemaFacts): void {
  if (depth > MAX_DEPTH) throw new Bad(`fields nested more than ${MAX_DEPTH} deep`);
  if (--facts.fields < 0) throw new Bad(`more than ${MAX_FIELDS} fields`);
  field.string(0);
  const type = field.child(3);
  if (type && FIXED_SIZE_TYPES.has(field.u8(2))) {
    const at = type.field(0, 4);
    const size = at === undefined ? 0 : type.fb.i32(at);
    if (size < 0 || size > 2 ** 24) throw new Bad(`a fixed size of ${size}`);
    facts.maxFixedSize = Math.max(facts.maxFixedSize, size);
  }
  field.child(4);
  const children = field.vector(5, 4, MAX_FIELDS);
  for (let k = 0; children && k < children.count; k++)
    checkField(field.fb.table(field.fb.follow(children.first + 4 * k)), depth + 1, facts);
  checkKeyValues(field, 6);
}

/** A custom_metadata vector of KeyValue tables (key 0, value 1). */
function checkKeyValues(table: Table, index: number): void {
  const pairs = table.vector(index, 4, MAX_FIELDS);
  for (let k = 0; pairs && k < pairs.count; k++) {
    const pair = table.fb.table(table.fb.follow(pairs.first + 4 * k));
    pair.string(0);
    pair.string(1);
  }
}

/** Schema.fbs: Schema (fields 1, custom_metadata 2). */
function checkSchema(schema: Table | undefined): SchemaFacts {
  if (!schema) throw new Bad("no schema");
  const fields = schema.vector(1, 4, MAX_FIELDS);
  const facts = { fields: MAX_FIELDS, maxFixedSize: 1 };
  for (let k = 0; fields && k < fields.count; k++)
    checkField(schema.fb.table(schema.fb.follow(fields.first + 4 * k)), 1, facts);
  checkKeyValues(schema, 2);
  return facts;
}

/** Message.fbs: RecordBatch (length 0, nodes 1 of 16-byte FieldNode, buffers 2 of 16-byte Buffer). */
function checkRecordBatch(
  batch: Table | undefined,
  bodyLength: number,
  schema: SchemaFacts | undefined,
): number {
  if (!batch) throw new Bad("a record batch without its header");
  const rows = batch.i64(0);
  if (rows < 0 || rows > 2 ** 31 - 1) throw new Bad(`a record batch of ${rows} rows`);
  // Every row holds at least one bit of a fixed-size column's values: more is not in the body.
  const perRow = schema?.maxFixedSize ?? 1;
  if (rows * perRow > Math.max(8 * bodyLength, 0) && perRow > 1)
    throw new Bad(`a batch of ${rows} rows of ${perRow} values in a body of ${bodyLength} bytes`);
  const fb = batch.fb;
  const nodes = batch.vector(1, 16, MAX_BATCH_ENTRIES);
  for (let k = 0; nodes && k < nodes.count; k++) {
    const length = fb.i64(nodes.first + 16 * k);
    const nulls = fb.i64(nodes.first + 16 * k + 8);
    // A column of a batch holds at most a value per bit of the body (booleans), never more.
    if (length < 0 || nulls < 0 || nulls > length || length > Math.max(rows, bodyLength * 8))
      throw new Bad(`a column of ${length} values in a batch of ${rows} rows`);
  }
  const buffers = batch.vector(2, 16, MAX_BATCH_ENTRIES);
  for (let k = 0; buffers && k < buffers.count; k++) {
    const offset = fb.i64(buffers.first + 16 * k);
    const length = fb.i64(buffers.first + 16 * k + 8);
    if (offset < 0 || length < 0 || offset + length > bodyLength)
      throw new Bad(`a buffer at ${offset} of ${length} bytes in a body of ${bodyLength}`);
  }
  return rows;
}

/** Message.fbs: Message (header_type 1, header 2, bodyLength 3). */
function checkMessage(
  source: ByteSource,
  at: number,
  room: number,
  allowed: readonly number[],
  schema: SchemaFacts | undefined,
): { end: number; type: number; schema: SchemaFacts | undefined; rows: number } {
  if (at < 0 || room < 8 || at + 8 > source.size) throw new Bad("a message cut short");
  const prefix = viewOf(source.read(at, 8));
  let metadataAt = at + 4;
  let length = prefix.getInt32(0, true);
  if (length === -1) {
    length = prefix.getInt32(4, true);
    metadataAt = at + 8;
  }
  if (length <= 0 || metadataAt - at + length > room)
    throw new Bad(`a message of ${length} bytes where ${room} remain`);
  const message = new FlatBuffer(source.read(metadataAt, length)).root();
  const type = message.u8(1);
  if (!allowed.includes(type)) throw new Bad(`a message of unknown type ${type}`);
  const bodyLength = message.i64(3);
  const bodyAt = metadataAt + length;
  if (bodyLength < 0 || bodyLength > room - (bodyAt - at))
    throw new Bad(`a message body of ${bodyLength} bytes where ${room - (bodyAt - at)} remain`);
  let rows = 0;
  if (type === HEADER.schema) schema = checkSchema(message.child(2));
  else if (type === HEADER.recordBatch)
    rows = checkRecordBatch(message.child(2), bodyLength, schema);
  else {
    // DictionaryBatch: id 0, data 1 (a RecordBatch).
    const dictionary = message.child(2);
    checkRecordBatch(dictionary?.child(1), bodyLength, undefined);
  }
  return { end: bodyAt + bodyLength, type, schema, rows };
}

const MAGIC_BYTES = 6;
const FOOTER_TAIL = 10; // int32 footer length + "ARROW1"

/** File.fbs: Footer (schema 1, dictionaries 2, recordBatches 3 of 24-byte Block). */
function checkFile(source: ByteSource): number {
  const size = source.size;
  const footerLength = viewOf(source.read(size - FOOTER_TAIL, 4)).getInt32(0, true);
  const footerAt = size - FOOTER_TAIL - footerLength;
  if (footerLength <= 0 || footerAt < 8) throw new Bad(`a footer of ${footerLength} bytes`);
  const footer = new FlatBuffer(source.read(footerAt, footerLength)).root();
  const schema = checkSchema(footer.child(1));
  let rows = 0;
  for (const [index, type] of [
    [2, HEADER.dictionaryBatch],
    [3, HEADER.recordBatch],
  ] as const) {
    const blocks = footer.vector(index, 24, Math.floor(size / 8));
    for (let k = 0; blocks && k < blocks.count; k++) {
      const at = blocks.first + 24 * k;
      const offset = footer.fb.i64(at);
      const metadataLength = footer.fb.i32(at + 8);
      const bodyLength = footer.fb.i64(at + 16);
      const room = metadataLength + bodyLength;
      if (offset < 8 || metadataLength <= 0 || bodyLength < 0 || offset + room > footerAt)
        throw new Bad(`a block at ${offset} of ${room} bytes outside the file's data`);
      rows += checkMessage(source, offset, room, [type], schema).rows;
    }
  }
  return rows;
}

/** A stream: messages one after another until the end (or a zero-length end marker). */
function checkStream(source: ByteSource): number {
  let at = 0;
  let rows = 0;
  let first = true;
  let schema: SchemaFacts | undefined;
  while (at + 8 <= source.size) {
    const prefix = viewOf(source.read(at, 8));
    const marker = prefix.getInt32(0, true);
    if (marker === 0 || (marker === -1 && prefix.getInt32(4, true) === 0)) return rows;
    const message = checkMessage(
      source,
      at,
      source.size - at,
      first ? [HEADER.schema] : [HEADER.recordBatch, HEADER.dictionaryBatch],
      schema,
    );
    schema = message.schema;
    rows += message.rows;
    first = false;
    at = message.end + ((8 - (message.end % 8)) % 8);
  }
  return rows;
}

/** Whether the source starts with the file magic (else it is read as a stream). */
function isIpcFile(source: ByteSource): boolean {
  return (
    source.size >= 2 * MAGIC_BYTES + 8 &&
    Buffer.from(source.read(0, MAGIC_BYTES)).toString("latin1") === "ARROW1"
  );
}

/** The check, its failure a RenpFileError naming `name`; returns the record batches' rows. */
function check(source: ByteSource, name: string): { rows: number } {
  try {
    if (isIpcFile(source)) return { rows: checkFile(source) };
    const start = source.size >= 8 ? viewOf(source.read(0, 4)).getInt32(0, true) : 0;
    if (start !== -1) throw new Bad("it starts with neither ARROW1 nor a stream message");
    return { rows: checkStream(source) };
  } catch (err) {
    if (!(err instanceof Bad)) throw err;
    throw new RenpFileError(`${name} is truncated or corrupt: ${err.message}`, { field: name });
  }
}

/**
 * Checks an Arrow IPC file's (or stream's) structure against its bytes (see the file comment);
 * throws RenpFileError naming `name` when an offset or count points outside them. Returns the
 * rows its record batches declare (each checked against its body): a bound for counts in metadata.
 */
export function checkIpcStructure(bytes: Uint8Array, name: string): { rows: number } {
  return check(
    { size: bytes.byteLength, read: (at, length) => bytes.subarray(at, at + length) },
    name,
  );
}

/**
 * The same check of an open file, reading only its footer and the messages' metadata (kilobytes
 * whatever the file's size): `fd` must be a regular file's descriptor.
 */
export function checkIpcFileStructure(fd: number, size: number, name: string): { rows: number } {
  return check(
    {
      size,
      read: (at, length) => {
        if (at < 0 || length < 0 || at + length > size) throw new Bad("a read outside the file");
        const buffer = Buffer.alloc(length);
        let done = 0;
        while (done < length) {
          const n = readSync(fd, buffer, done, length - done, at + done);
          if (n === 0) throw new Bad("the file ended early");
          done += n;
        }
        return buffer;
      },
    },
    name,
  );
}
