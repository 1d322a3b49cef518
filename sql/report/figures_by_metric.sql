-- Figures quoted per metric and normalised unit, most-quoted first; metric is NULL for the figures
-- whose metric could not be read.
SELECT metric, normalized_unit, n, sum_value, min_value, max_value, periods
FROM economic_figures_by_metric
