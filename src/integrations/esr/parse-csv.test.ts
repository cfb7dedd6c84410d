import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv } from './parse-csv.ts';

const fields = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe('RFC 4180 CSV', () => {
  it('splits records on CRLF, LF or CR and fields on commas, keeping empty fields', () => {
    assert.deepEqual(fields('a,b,c\r\n1,,3\r\n'), [['a', 'b', 'c'], ['1', '', '3']]);
    assert.deepEqual(fields('a,b\n1,2'), [['a', 'b'], ['1', '2']]);
    assert.deepEqual(fields('a,b\r1,2\r'), [['a', 'b'], ['1', '2']]);
    assert.deepEqual(fields('a,b,\n'), [['a', 'b', '']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks (RFC 4180 §2 rules 5–7)', () => {
    const text = 'name,notes\r\n"Smith, Jo","said ""hello"""\r\n"O’Brien","line one\r\nline two"\r\n"",x\r\n';
    const { records, errors } = parseCsv(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(records.map((r) => r.fields), [
      ['name', 'notes'],
      ['Smith, Jo', 'said "hello"'],
      ['O’Brien', 'line one\r\nline two'],
      ['', 'x'],
    ]);
    assert.deepEqual(records.map((r) => r.line), [1, 2, 3, 5], 'a record’s line is where it starts, counting lines inside quotes');
  });

  it('skips a byte order mark and blank lines', () => {
    assert.deepEqual(fields('\uFEFFa,b\n\n1,2\r\n\r\n'), [['a', 'b'], ['1', '2']]);
    assert.deepEqual(fields(''), []);
  });

  it('reports a stray quote or text after a closing quote with its line, leaves that record out and reads on', () => {
    const { records, errors } = parseCsv('a,b\n1,Qq"Qq\n"Qq"Qq,3\n4,5\n');
    assert.deepEqual(records.map((r) => r.fields), [['a', 'b'], ['4', '5']]);
    assert.deepEqual(errors, [
      { line: 2, message: 'a quote inside a field that is not quoted' },
      { line: 3, message: 'text after a closing quote' },
    ]);
    assert.ok(!errors.some((e) => e.message.includes('Qq')), 'errors never quote the text');
  });

  it('stops at a quote that never closes, naming the line where it opened', () => {
    const { records, errors } = parseCsv('a,b\n1,2\n"3,4\n5,6\n');
    assert.deepEqual(records.map((r) => r.fields), [['a', 'b'], ['1', '2']]);
    assert.deepEqual(errors, [{ line: 3, message: 'a quoted field is never closed', fatal: true }]);
  });
});
