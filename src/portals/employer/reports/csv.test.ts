import assert from 'node:assert/strict';
import { it } from 'node:test';
import { csvCell, csvLine } from './csv.ts';

it('quotes as RFC 4180 says and defends against formula injection', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('=SUM(A1)'), "'=SUM(A1)");
  assert.equal(csvCell('+44 7700'), "'+44 7700");
  assert.equal(csvCell('-1'), "'-1");
  assert.equal(csvCell('@cmd'), "'@cmd");
  assert.equal(csvCell('=HYPERLINK("x","y")'), `"'=HYPERLINK(""x"",""y"")"`);
  assert.equal(csvCell(null), '');
  assert.equal(csvLine(['a', 1, true, undefined]), 'a,1,true,\r\n');
});
