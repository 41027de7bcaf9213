-- Lists the rejected rows of the staged file (1-based position among data rows) with their
-- reason. Binds: none.
SELECT row_index::INTEGER AS row_index, reason, key_text FROM staged_rows WHERE reason IS NOT NULL ORDER BY row_index;
