-- Removes a factor set's values before the file replaces them. Binds: $name
DELETE FROM factor_values WHERE factor_set = $name;
