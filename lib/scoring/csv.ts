/**
 * A small RFC 4180 CSV reader and writer for the scoring datasets: quoted fields may hold commas,
 * doubled quotes and line breaks; CRLF and LF both end a record. No dependency, so the eval and
 * training scripts read exactly what a spreadsheet wrote.
 */

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte order mark is not part of the first header
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    // A blank line (one empty field) is no record.
    if (!(row.length === 1 && row[0] === "")) rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\n") endRow();
    else if (ch === "\r") {
      if (text[i + 1] === "\n") i++;
      endRow();
    } else field += ch;
  }
  // A quote that never closes would swallow the rest of the file into one field: refuse it.
  if (quoted) throw new Error(`unterminated quoted field in record ${rows.length + 1}`);
  if (field !== "" || row.length > 0) endRow();
  return rows;
}

/** Records as objects keyed by the header row; missing trailing fields read as "". */
export function parseCsvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const [header = [], ...body] = parseCsv(text);
  const records = body.map((cells) => Object.fromEntries(header.map((name, k) => [name, cells[k] ?? ""])));
  return { header, records };
}

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
}
