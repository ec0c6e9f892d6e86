import { once } from 'node:events';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { JSONParser } from '@streamparser/json';
import { parse as parseCsv } from 'csv-parse';
import { csvColumns, rowFromCsv, rowFromObject, type CsvColumns } from './fields.js';
import type { InputFormat, SignInRow, UnreadRow } from './types.js';

// Every reader streams: bytes in (gunzipped when the file starts with the gzip magic), text out through
// a streaming TextDecoder, one row at a time to the sink. Nothing holds more than one chunk plus one
// row, whatever the file size.

/** Where a reader hands what it read. */
export interface RowSink {
  row(row: SignInRow): void;
  unread(entry: UnreadRow): void;
  /** Raw (compressed, where it is) bytes consumed so far, for the progress bar. */
  bytes?(count: number): void;
}

/** What one input turned out to be. */
export interface ReadResult {
  readonly format: InputFormat;
  readonly gzip: boolean;
  readonly rows: number;
  readonly unread: number;
  /** A problem with the whole input (binary, truncated gzip, broken JSON), in words. */
  readonly problems: readonly string[];
}

const SNIFF_BYTES = 4096;

function asBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
}

async function* rawChunks(stream: Readable, sink: RowSink): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<unknown>) {
    const buffer = asBuffer(chunk);
    sink.bytes?.(buffer.length);
    yield buffer;
  }
}

/** Bytes in order, with the first ones available before the rest are read. */
async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Streaming bytes-to-text; UTF-8 unless a UTF-16 byte-order mark says otherwise. */
interface Decoder {
  readonly encoding: string;
  decode(chunk: Buffer): string;
  end(): string;
}

function decoderFor(head: Buffer): Decoder {
  if (head[0] === 0xfe && head[1] === 0xff) {
    const utf16be = new TextDecoder('utf-16be');
    return { encoding: 'UTF-16BE', decode: (chunk) => utf16be.decode(chunk, { stream: true }), end: () => utf16be.decode() };
  }
  // StringDecoder is Node's native UTF-8/UTF-16LE path, several times faster than TextDecoder here.
  const encoding = head[0] === 0xff && head[1] === 0xfe ? 'utf16le' : 'utf8';
  const decoder = new StringDecoder(encoding);
  let first = true;
  return {
    encoding: encoding === 'utf8' ? 'UTF-8' : 'UTF-16LE',
    decode(chunk) {
      const text = decoder.write(chunk);
      if (!first || text === '') return text;
      first = false;
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    },
    end: () => decoder.end(),
  };
}

/** Binary when the start holds NUL or many control/undecodable characters. */
function looksBinary(text: string): boolean {
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 9 || (c > 13 && c < 32)) || c === 0xfffd) odd++;
  }
  return text.length > 0 && odd / text.length > 0.05;
}

function sniff(text: string): InputFormat {
  const start = text.search(/\S/);
  if (start < 0) return 'empty';
  const first = text[start];
  if (first === '[') return 'json';
  if (first !== '{') return 'csv';
  // One object per line when the first line is a complete JSON value on its own.
  const end = text.indexOf('\n', start);
  if (end < 0) return 'jsonl';
  try {
    JSON.parse(text.slice(start, end));
    return 'jsonl';
  } catch {
    return 'json';
  }
}

interface TextReader {
  /** Takes the next text; a returned promise means wait before pushing more. */
  push(text: string): Promise<void> | undefined;
  end(): Promise<void>;
}

/** Reads one input stream (a file or stdin) and hands every row to the sink. Never throws on bad data. */
export async function readInput(name: string, stream: Readable, sink: RowSink): Promise<ReadResult> {
  const problems: string[] = [];
  let rows = 0;
  let unread = 0;
  const counting: RowSink = {
    row: (row) => {
      rows++;
      sink.row(row);
    },
    unread: (entry) => {
      unread++;
      sink.unread(entry);
    },
  };
  const raw = rawChunks(stream, sink);
  const firstRaw = await raw.next();
  if (firstRaw.done) return { format: 'empty', gzip: false, rows, unread, problems: [`${name}: empty input`] };
  const gzip = firstRaw.value[0] === 0x1f && firstRaw.value[1] === 0x8b;
  let bytes: AsyncIterable<Buffer> = prepend(firstRaw.value, raw);
  let gunzip: Transform | undefined;
  let gunzipDone: Promise<void> | undefined;
  if (gzip) {
    gunzip = createGunzip();
    // Errors on either side reach the loop below through the gunzip stream; the pipeline only cleans up.
    gunzipDone = pipeline(Readable.from(bytes), gunzip).catch(() => undefined);
    bytes = gunzip;
  }
  let format: InputFormat | undefined;
  let decoder: Decoder | undefined;
  let reader: TextReader | undefined;
  let head = '';
  let badUtf8 = false;
  try {
    for await (const chunk of bytes) {
      const buffer = asBuffer(chunk);
      decoder ??= decoderFor(buffer);
      const text = decoder.decode(buffer);
      if (!badUtf8 && text.includes('\uFFFD')) badUtf8 = true;
      if (reader) {
        await reader.push(text);
        continue;
      }
      head += text;
      if (head.length < SNIFF_BYTES) continue;
      ({ format, reader } = start(name, head, counting, problems));
      if (!reader) break;
      await reader.push(head);
      head = '';
    }
    if (!reader && format === undefined) {
      if (decoder) head += decoder.end();
      ({ format, reader } = start(name, head, counting, problems));
      await reader?.push(head);
    } else if (reader && decoder) {
      await reader.push(decoder.end());
    }
    await reader?.end();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.push(gzip ? `${name}: gzip data is damaged or cut short (${message}); rows after this point are not read` : `${name}: read failed: ${message}`);
  }
  if (gunzip && format === 'binary') gunzip.destroy();
  await gunzipDone;
  if (badUtf8) problems.push(`${name}: some bytes are not valid ${decoder?.encoding ?? 'UTF-8'} (mixed encodings?); they show as \uFFFD`);
  return { format: format ?? 'empty', gzip, rows, unread, problems };
}

function start(name: string, head: string, sink: RowSink, problems: string[]): { format: InputFormat; reader: TextReader | undefined } {
  if (looksBinary(head.slice(0, SNIFF_BYTES))) {
    problems.push(`${name}: looks like a binary file, not a sign-in log export (JSON, JSON lines or CSV)`);
    return { format: 'binary', reader: undefined };
  }
  const format = sniff(head);
  if (format === 'empty') {
    problems.push(`${name}: empty input`);
    return { format, reader: undefined };
  }
  const reader = format === 'jsonl' ? jsonLinesReader(name, sink) : format === 'json' ? jsonDocumentReader(name, sink, problems) : csvReader(name, sink, problems);
  return { format, reader };
}

function emitObject(value: unknown, where: string, sink: RowSink): void {
  // A Graph page saved on one line, or a diagnostic archive's `records` envelope.
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const page = (value as { value?: unknown; records?: unknown }).value ?? (value as { records?: unknown }).records;
    if (Array.isArray(page)) {
      page.forEach((item, index) => emitObject(item, `${where} element ${index}`, sink));
      return;
    }
  }
  const row = rowFromObject(value);
  if (typeof row === 'string') sink.unread({ where, reason: row });
  else sink.row(row);
}

function jsonLinesReader(name: string, sink: RowSink): TextReader {
  let pending = '';
  let line = 0;
  const take = (text: string): void => {
    line++;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      sink.unread({ where: `${name}:${line}`, reason: 'not valid JSON (cut short?)' });
      return;
    }
    emitObject(value, `${name}:${line}`, sink);
  };
  return {
    push(text) {
      let from = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', from)) {
        take(pending + text.slice(from, end));
        pending = '';
        from = end + 1;
      }
      pending += text.slice(from);
      return undefined;
    },
    // The reader interface is async (the document reader's parser settles later); this one finishes at once.
    // eslint-disable-next-line @typescript-eslint/require-await
    async end() {
      if (pending !== '') take(pending);
    },
  };
}

// Graph pages, diagnostic archives and Log Analytics query results keep their rows at these paths.
// Several documents may follow each other (one Graph page after another), hence the empty separator.
const DOCUMENT_PATHS = ['$.value.*', '$.records.*', '$.tables.*.columns', '$.tables.*.rows.*'];

function jsonDocumentReader(name: string, sink: RowSink, problems: string[]): TextReader {
  let line = 1;
  let broken = false;
  let columns: CsvColumns | undefined;
  let topArray: boolean | undefined;
  let parser: JSONParser | undefined;
  const make = (isArray: boolean): JSONParser => {
    const created = new JSONParser({ paths: isArray ? ['$.*'] : DOCUMENT_PATHS, keepStack: false, separator: '' });
    created.onValue = ({ value, key, stack }) => {
      const where = `${name}:${line}`;
      if (key === 'columns' && Array.isArray(value)) {
        columns = csvColumns(value.map((column) => (typeof column === 'object' && column !== null && 'name' in column && typeof column.name === 'string' ? column.name : '')));
        if (!columns) problems.push(`${name}: the result table has no ResultType column`);
        return;
      }
      if (stack[stack.length - 1]?.key === 'rows' && Array.isArray(value)) {
        if (!columns) sink.unread({ where, reason: 'table row before (or without) a usable column list' });
        else {
          const row = rowFromCsv(value.map((cell) => (cell === null ? '' : typeof cell === 'object' ? JSON.stringify(cell) : String(cell))), columns);
          if (typeof row === 'string') sink.unread({ where, reason: row });
          else sink.row(row);
        }
        return;
      }
      emitObject(value, where, sink);
    };
    created.onError = (error) => {
      if (broken) return;
      broken = true;
      problems.push(`${name}:${line}: JSON is broken or cut short here (${error.message.slice(0, 120)}); rows after this point are not read`);
    };
    return created;
  };
  const feed = (text: string): undefined => {
    if (broken || text === '') return undefined;
    if (topArray === undefined) {
      const first = text.search(/\S/);
      if (first < 0) return undefined;
      topArray = text[first] === '[';
    }
    parser ??= make(topArray);
    // Fed line by line so a row the reader cannot use is reported with its line number.
    let from = 0;
    // `broken` is set by the parser's error callback while `write` runs.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    for (let end = text.indexOf('\n'); end >= 0 && !broken; end = text.indexOf('\n', from)) {
      parser.write(text.slice(from, end + 1));
      line++;
      from = end + 1;
    }
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- as above
    if (!broken && from < text.length) parser.write(text.slice(from));
    return undefined;
  };
  return {
    push: feed,
    // eslint-disable-next-line @typescript-eslint/require-await -- as above
    async end() {
      if (!parser || broken) return;
      // The parser reports a document cut short through onError; ending an already complete stream is quiet.
      if (!parser.isEnded) parser.end();
    },
  };
}

function csvReader(name: string, sink: RowSink, problems: string[]): TextReader {
  let columns: CsvColumns | undefined;
  let headerSeen = false;
  const parser = parseCsv({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Handle each record as it is parsed and keep none: the stream's output side stays empty.
    on_record: (record: string[], context) => {
      const where = `${name}:${context.lines}`;
      if (!headerSeen) {
        headerSeen = true;
        columns = csvColumns(record);
        if (!columns) problems.push(`${name}: the CSV header has no "Sign-in error code", "ResultType" or "Status" column; is this a sign-in log?`);
        return null;
      }
      if (!columns) sink.unread({ where, reason: 'no usable header' });
      else {
        const row = rowFromCsv(record, columns);
        if (typeof row === 'string') sink.unread({ where, reason: row });
        else sink.row(row);
      }
      return null;
    },
  });
  parser.on('skip', (error: Error & { lines?: number }) => sink.unread({ where: `${name}:${error.lines ?? '?'}`, reason: `bad CSV record (${error.message.slice(0, 80)})` }));
  const done = new Promise<void>((resolve) => {
    parser.on('error', (error: Error) => {
      problems.push(`${name}: CSV is broken or cut short (${error.message.slice(0, 120)}); rows after this point are not read`);
      resolve();
    });
    parser.on('end', resolve);
    parser.resume();
  });
  return {
    push(text) {
      if (parser.destroyed || parser.write(text)) return undefined;
      // An error ends the parser without a 'drain'; `done` settles then.
      return Promise.race([once(parser, 'drain'), done]).then(() => undefined);
    },
    async end() {
      if (!parser.destroyed) parser.end();
      await done;
    },
  };
}
