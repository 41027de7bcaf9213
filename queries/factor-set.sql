-- A stored factor set's regressors and whether it has a risk-free column. Binds: $name
SELECT name, factors, has_rf FROM factor_sets WHERE name = $name;
