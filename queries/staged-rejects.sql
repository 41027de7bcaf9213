-- Lists the rejected rows of the staged file with their reason. Binds: none.
SELECT line::INTEGER AS line, reason, key_text FROM staged_rows WHERE reason IS NOT NULL ORDER BY line;
