-- Gives `daily_csv` an empty `volume` column when the file has none (volume is optional in
-- daily files; header names are case-insensitive). Binds: none.
ALTER TABLE daily_csv ADD COLUMN IF NOT EXISTS volume VARCHAR;
