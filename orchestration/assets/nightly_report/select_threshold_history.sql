-- Every calibration up to the marts' as_of, oldest first per scope.
select scope_label, calibration_as_of, status, threshold, previous_threshold, relative_change,
       is_threshold_shift, "precision", recall, f1, sample_size, positives, is_in_force
from analytics.learning_dashboard_threshold_history
order by scope_label = 'global' desc, scope_label, calibration_as_of
