/**
 * Per-lab persistence in IndexedDB: the learner's files, terminal history, the cluster snapshot
 * and the last check results, under one record per lab slug. The same record is what an attempt
 * exports to and imports from as one JSON file (`parseAttempt` checks it).
 */
import type { ReportView } from './engine/types.js';

export interface Attempt {
  format: 'cadet-attempt/v1';
  lab: string;
  savedAt: string;
  files: Record<string, string>;
  history: string[];
  snapshot?: string;
  report?: ReportView;
  hintsShown?: Record<string, number>;
}

const DB = 'cadet-labs';
const STORE = 'attempts';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

function tx<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const t = db.transaction(STORE, mode);
        const req = fn(t.objectStore(STORE));
        t.oncomplete = () => {
          db.close();
          resolve(req.result);
        };
        t.onerror = () => {
          db.close();
          reject(t.error ?? new Error('IndexedDB transaction failed'));
        };
      }),
  );
}

export function loadAttempt(lab: string): Promise<Attempt | undefined> {
  return tx<Attempt | undefined>('readonly', (s) => s.get(lab) as IDBRequest<Attempt | undefined>);
}

export function saveAttempt(attempt: Attempt): Promise<void> {
  return tx('readwrite', (s) => s.put(attempt, attempt.lab)).then(() => undefined);
}

export function clearAttempt(lab: string): Promise<void> {
  return tx('readwrite', (s) => s.delete(lab)).then(() => undefined);
}

/** Asks the browser to keep this site's storage (labs are work the learner should not lose). */
export async function askPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

/** Reads an exported attempt, with a clear error for anything else. Pure. */
export function parseAttempt(text: string, lab: string): Attempt {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not a JSON file: ${(err as Error).message}`);
  }
  const a = data as Partial<Attempt>;
  if (!a || typeof a !== 'object' || a.format !== 'cadet-attempt/v1')
    throw new Error('not a Cadet attempt: "format" must be "cadet-attempt/v1"');
  if (a.lab !== lab) throw new Error(`this attempt is for the lab "${String(a.lab)}", not "${lab}"`);
  if (!a.files || typeof a.files !== 'object' || Object.values(a.files).some((v) => typeof v !== 'string'))
    throw new Error('"files" must map file paths to text');
  if (a.history !== undefined && (!Array.isArray(a.history) || a.history.some((h) => typeof h !== 'string')))
    throw new Error('"history" must be a list of commands');
  if (a.snapshot !== undefined && typeof a.snapshot !== 'string') throw new Error('"snapshot" must be text');
  return {
    format: 'cadet-attempt/v1',
    lab,
    savedAt: typeof a.savedAt === 'string' ? a.savedAt : '',
    files: { ...a.files },
    history: a.history ?? [],
    ...(a.snapshot ? { snapshot: a.snapshot } : {}),
    ...(a.report ? { report: a.report } : {}),
    ...(a.hintsShown ? { hintsShown: a.hintsShown } : {}),
  };
}
