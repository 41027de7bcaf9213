-- Records a factor set and its regressors in file order. Binds: $name, $factors (VARCHAR list as
-- JSON text), $has_rf, $source
INSERT OR REPLACE INTO factor_sets (name, factors, has_rf, source, updated_at)
VALUES ($name, from_json($factors::VARCHAR, '["VARCHAR"]'), $has_rf, $source, now());
