// The contacts page's import: a CSV file read in the browser (contacts-csv.ts), its columns guessed and then chosen
// by the owner, every row checked in the workspace's words with each row's problems listed, and sent to
// console-contacts only when every row is right (the server checks again, and writes all of them or none).
import { useMemo, useRef, useState } from 'preact/hooks';
import { call } from './api';
import { problemsOf, type ServerProblem, type Users } from './contacts-api';
import {
  COLUMN_LABELS,
  CONTACT_COLUMNS,
  type ColumnChoice,
  decodeCsv,
  guessColumns,
  type ImportProblem,
  type ImportRow,
  parseCsv,
  readImportRows,
} from './contacts-csv';
import type { Locale } from './format';
import type { PageProps } from './page-props';

/** At most this many rows a file (src/console/contacts.ts CONTACTS_IMPORT_MAX_ROWS). */
const IMPORT_MAX_ROWS = 100;
/** A file larger than this is no contacts list of at most IMPORT_MAX_ROWS rows: refused before it is read. */
const IMPORT_MAX_BYTES = 256 * 1024;

interface OpenFile {
  name: string;
  table: string[][];
}

/** The file's table, or why it cannot be imported. */
async function readFile(chosen: File): Promise<OpenFile | string> {
  if (chosen.size > IMPORT_MAX_BYTES)
    return `${chosen.name} is ${Math.round(chosen.size / 1024)} KB: a contacts file of at most ${IMPORT_MAX_ROWS} rows is far smaller. Choose a CSV file.`;
  const table = parseCsv(decodeCsv(new Uint8Array(await chosen.arrayBuffer())));
  if (table.length < 2) return `${chosen.name} has no rows under its header: choose a CSV file with a header line and one contact a line.`;
  if (table.length - 1 > IMPORT_MAX_ROWS)
    return `${chosen.name} has ${table.length - 1} rows; import at most ${IMPORT_MAX_ROWS} at a time: split it into files of ${IMPORT_MAX_ROWS} rows.`;
  return { name: chosen.name, table };
}

/** For each contact field, the file's column that fills it (a sample of the first row beside each). */
function ColumnChoices({ table, choice, onChoice }: { table: string[][]; choice: ColumnChoice; onChoice(next: ColumnChoice): void }) {
  const header = table[0] ?? [];
  const sample = table[1] ?? [];
  return (
    <fieldset>
      <legend>Which column is which</legend>
      <div class="contact-fields">
        {CONTACT_COLUMNS.map((field) => (
          <div class="field">
            <label for={`import-column-${field}`}>{COLUMN_LABELS[field]}</label>
            <select
              id={`import-column-${field}`}
              value={choice[field] === null ? '' : String(choice[field])}
              onChange={(event) => {
                const value = (event.currentTarget as HTMLSelectElement).value;
                onChoice({ ...choice, [field]: value === '' ? null : Number(value) });
              }}
            >
              <option value="">Not in the file</option>
              {header.map((name, index) => (
                <option value={String(index)}>
                  {name || `Column ${index + 1}`}
                  {sample[index] ? ` (e.g. ${sample[index]!.slice(0, 30)})` : ''}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** What the check of the rows found: each row's problems, or how many rows are ready (new, and updating a contact). */
function ImportCheck({
  file,
  rows,
  problems,
  refusal,
  existing,
}: {
  file: OpenFile;
  rows: readonly ImportRow[];
  problems: readonly ImportProblem[];
  refusal: string | null;
  existing: ReadonlySet<string>;
}) {
  const rowsWrong = new Set(problems.map((problem) => problem.row)).size;
  const fresh = rows.filter((row) => !existing.has(row.phone)).length;
  return (
    <div role="status" aria-live="polite" aria-label="Import check">
      {problems.length ? (
        <>
          <p class="problem">
            {refusal ??
              `Nothing can be imported yet: ${rowsWrong} of ${file.table.length - 1} rows have problems. Fix them in the file (or choose other columns) and choose it again.`}
          </p>
          <ul class="row-problems" aria-label="Problems in the file">
            {problems.map((problem) => (
              <li>
                {problem.row ? `Row ${problem.row}: ` : ''}
                {problem.message}
              </li>
            ))}
          </ul>
        </>
      ) : refusal ? (
        <p class="problem">{refusal}</p>
      ) : (
        <p>{`${file.name}: ${rows.length} contact${rows.length === 1 ? '' : 's'} ready to import (${fresh} new, ${rows.length - fresh} already here and updated).`}</p>
      )}
    </div>
  );
}

/** A CSV file read here, its columns chosen, each row checked; sent only when every row is right. */
export function ImportPanel({
  workspaceId,
  existing,
  users,
  locale,
  setUnsaved,
  onImported,
}: {
  workspaceId: string;
  /** The numbers of the contacts already here: a row with one of them updates that contact. */
  existing: ReadonlySet<string>;
  users: Users;
  locale: Locale;
  setUnsaved: PageProps['setUnsaved'];
  onImported(words: string): void;
}) {
  const [file, setFile] = useState<OpenFile | null>(null);
  const [choice, setChoice] = useState<ColumnChoice | null>(null);
  const [fileProblem, setFileProblem] = useState('');
  const [refused, setRefused] = useState<{ error: string; problems: ServerProblem[] } | null>(null);
  const [importing, setImporting] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const read = useMemo(
    () => (file && choice ? readImportRows(file.table, choice, locale, users) : null),
    [file, choice, locale, users.length],
  );

  const open = async (chosen: File | undefined) => {
    setRefused(null);
    setFile(null);
    setFileProblem('');
    if (!chosen) return;
    const opened = await readFile(chosen);
    if (typeof opened === 'string') return setFileProblem(opened);
    setFile(opened);
    setChoice(guessColumns(opened.table[0]!));
    setUnsaved('the contacts file not yet imported');
  };
  const reset = () => {
    setFile(null);
    setUnsaved(null);
    if (input.current) input.current.value = '';
  };
  const send = async (rows: ImportRow[]) => {
    setImporting(true);
    setRefused(null);
    try {
      const contacts = JSON.stringify(rows);
      const answer = await call<{ created: number; updated: number }>('console-contacts', {
        workspace: workspaceId,
        op: 'import',
        contacts,
      });
      reset();
      onImported(`Imported ${file?.name ?? 'the file'}: ${answer.created} added, ${answer.updated} updated.`);
    } catch (error) {
      setRefused({ error: (error as Error).message, problems: problemsOf(error) });
    } finally {
      setImporting(false);
    }
  };

  const problems: ImportProblem[] = [
    ...(read?.problems ?? []),
    ...(refused?.problems ?? []).map((problem) => ({ row: problem.row ?? 0, message: problem.message })),
  ];
  const ready = read && !problems.length && read.rows.length > 0 && !importing;
  return (
    <section class="panel contacts-import" aria-labelledby="contacts-import-title">
      <h2 id="contacts-import-title">Import contacts</h2>
      <p class="hint">
        A CSV file (from a spreadsheet or another phone system) with a header line, up to {IMPORT_MAX_ROWS} contacts. You choose which
        column is which; a contact already here (the same number) is updated. Every row is imported, or none.
      </p>
      <div class="field">
        <label for="contacts-file">CSV file</label>
        <input
          id="contacts-file"
          type="file"
          accept=".csv,text/csv,text/plain"
          ref={input}
          onChange={(event) => void open((event.currentTarget as HTMLInputElement).files?.[0])}
        />
      </div>
      {fileProblem ? <p class="problem">{fileProblem}</p> : null}
      {file && choice && read ? (
        <>
          <ColumnChoices
            table={file.table}
            choice={choice}
            onChoice={(next) => {
              setRefused(null);
              setChoice(next);
            }}
          />
          <ImportCheck file={file} rows={read.rows} problems={problems} refusal={refused?.error ?? null} existing={existing} />
          <div class="card-actions">
            <button type="button" disabled={!ready} onClick={() => void send(read.rows)}>
              Import {read.rows.length} contact{read.rows.length === 1 ? '' : 's'}
            </button>
            <button type="button" class="secondary" onClick={reset}>
              Cancel the import
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
