-- Positive figures of the $metrics_per_unit most-quoted metrics of each of the $units most-quoted
-- units, at most $per_metric a metric (a fixed sample, by hash of figure_id), with their headline.
WITH f AS (
    SELECT f.*,
           dense_rank() OVER (ORDER BY unit_n DESC, f.normalized_unit) AS unit_rank,
           dense_rank() OVER (PARTITION BY f.normalized_unit ORDER BY metric_n DESC, f.metric) AS metric_rank,
           row_number() OVER (PARTITION BY f.normalized_unit, f.metric ORDER BY hash(f.figure_id)) AS pick
    FROM (SELECT *, count(*) OVER (PARTITION BY normalized_unit) AS unit_n,
                 count(*) OVER (PARTITION BY normalized_unit, metric) AS metric_n
          FROM economic_figures WHERE metric IS NOT NULL AND value_normalized > 0) AS f
), shown AS (
    SELECT * FROM f WHERE unit_rank <= $units AND metric_rank <= $metrics_per_unit AND pick <= $per_metric
)
SELECT s.text, s.metric, s.value_normalized, s.normalized_unit, s.period, s.subject, a.headline, s.issue_date
FROM shown AS s LEFT JOIN articles AS a USING (article_id)
ORDER BY s.unit_rank, s.metric_rank, s.value_normalized
