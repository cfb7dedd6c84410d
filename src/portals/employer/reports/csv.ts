// CSV for the reports (RFC 4180): CRLF line ends, a field quoted when it holds a comma, a double
// quote, CR or LF (quotes doubled inside), and a defence against formula injection (OWASP "CSV
// injection"): a cell starting with = + - @ (or a tab or CR, which some spreadsheets skip before
// reading a formula) is prefixed with a single quote so a spreadsheet shows it as text.
export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
