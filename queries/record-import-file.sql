-- Records a completed file import. Binds: $kind, $symbol, $path, $sha256, $rows_read,
-- $rows_stored, $rows_rejected
INSERT OR REPLACE INTO import_files
  (kind, symbol, path, sha256, rows_read, rows_stored, rows_rejected, imported_at)
VALUES ($kind, $symbol, $path, $sha256, $rows_read, $rows_stored, $rows_rejected, now());
