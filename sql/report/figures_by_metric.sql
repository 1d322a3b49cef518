-- Figures quoted per metric and normalised unit, most-quoted first.
SELECT coalesce(metric, '(no metric)') AS metric, normalized_unit, n, sum_value, min_value, max_value, periods
FROM economic_figures_by_metric
