-- Calibrations run one at a time: each reads the rows in force before writing its own.
lock table adaptive_threshold_configs in share row exclusive mode
