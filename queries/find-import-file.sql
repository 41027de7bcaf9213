-- The content hash recorded for the last import of a file of this kind and symbol.
-- Binds: $kind, $symbol
SELECT sha256 FROM import_files WHERE kind = $kind AND symbol = $symbol;
