import type { Database } from 'better-sqlite3';

export interface SqlitePragmaOptions {
  /** SQLite page cache, in KiB (default 64 MiB). */
  cacheSizeKiB?: number;
  /** Bytes of the file read through mmap (default 0: mapped pages count as resident memory and full-log reads gain nothing measurable). */
  mmapSizeBytes?: number;
}

/**
 * Durability first: in WAL mode `synchronous=NORMAL` only syncs the WAL at checkpoints, so the
 * last acknowledged commits can vanish on power loss; FULL syncs the WAL on every commit, which
 * group commit makes affordable (one fsync per batch, not per event).
 */
export const applyPragmas = (db: Database, options: SqlitePragmaOptions = {}): void => {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`cache_size = -${Math.floor(options.cacheSizeKiB ?? 65_536)}`);
  db.pragma('temp_store = MEMORY');
  db.pragma(`mmap_size = ${Math.floor(options.mmapSizeBytes ?? 0)}`);
};

/** Positions are never reused because rows are never deleted: INTEGER PRIMARY KEY needs no AUTOINCREMENT. */
export const createSchema = (db: Database): void => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position    INTEGER PRIMARY KEY,
      stream_name TEXT    NOT NULL,
      revision    INTEGER NOT NULL,
      type        TEXT    NOT NULL,
      data        TEXT    NOT NULL,
      metadata    TEXT    NOT NULL,
      UNIQUE (stream_name, revision)
    )
  `);
};

export const INSERT_EVENT_SQL = 'INSERT INTO events (position, stream_name, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)';
