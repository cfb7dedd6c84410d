// A small RFC 4180 CSV parser (none is among our dependencies, and the format is small enough to
// get exactly right here): fields separated by commas, records by CRLF — LF and CR alone are
// accepted too, as spreadsheets and Unix tools write them — and fields in double quotes may hold
// commas, line breaks and doubled quotes (`""`). Also: a UTF-8 byte order mark is skipped (Excel
// writes one), and blank lines are skipped (RFC 4180 would read them as one empty field).
//
// A record with a quote in the wrong place (inside an unquoted field, or text after a closing
// quote) is reported with its line number and left out; the parser carries on with the next line.
// An opening quote that never closes swallows the rest of the file, so it ends the parse with an
// error at the line where it opened. Errors never quote the text.

export interface CsvRecord {
  /** The line the record starts on, from 1. */
  line: number;
  fields: string[];
}

export interface CsvError {
  line: number;
  message: string;
  /** The parse stopped here: nothing after this line was read. */
  fatal?: true;
}

export interface CsvParseResult {
  records: CsvRecord[];
  errors: CsvError[];
}

export function parseCsv(text: string): CsvParseResult {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const errors: CsvError[] = [];
  let line = 1;
  let i = 0;
  const n = input.length;

  /** Skips to just after the end of the current line (used after an error in a record). */
  function skipLine(): void {
    while (i < n && input[i] !== '\n' && input[i] !== '\r') i++;
    if (input[i] === '\r' && input[i + 1] === '\n') i += 2;
    else if (i < n) i++;
    line++;
  }

  while (i < n) {
    // A blank line is no record.
    if (input[i] === '\n' || input[i] === '\r') {
      i += input[i] === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    const startLine = line;
    const fields: string[] = [];
    let failed: string | undefined;
    for (;;) {
      // One field.
      let value = '';
      if (input[i] === '"') {
        const openedAt = line;
        i++;
        for (;;) {
          if (i >= n) {
            errors.push({ line: openedAt, message: 'a quoted field is never closed', fatal: true });
            return { records, errors };
          }
          const ch = input[i]!;
          if (ch === '"') {
            if (input[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\r' || ch === '\n') {
            // A line break inside quotes is part of the value; count lines as written.
            if (ch === '\r' && input[i + 1] === '\n') {
              value += '\r\n';
              i += 2;
            } else {
              value += ch;
              i++;
            }
            line++;
            continue;
          }
          value += ch;
          i++;
        }
        if (i < n && input[i] !== ',' && input[i] !== '\n' && input[i] !== '\r') failed = 'text after a closing quote';
      } else {
        const start = i;
        while (i < n && input[i] !== ',' && input[i] !== '\n' && input[i] !== '\r') {
          if (input[i] === '"') failed ??= 'a quote inside a field that is not quoted';
          i++;
        }
        value = input.slice(start, i);
      }
      if (failed) break;
      fields.push(value);
      if (input[i] === ',') {
        i++;
        continue;
      }
      // End of record: a line break or the end of the text.
      if (input[i] === '\r' && input[i + 1] === '\n') i += 2;
      else if (i < n) i++;
      line++;
      break;
    }
    if (failed) {
      errors.push({ line: startLine, message: failed });
      skipLine();
      continue;
    }
    records.push({ line: startLine, fields });
  }
  return { records, errors };
}
