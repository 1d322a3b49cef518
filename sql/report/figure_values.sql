-- Positive figures of the $metrics_per_unit most-quoted metrics of each of the $units most-quoted
-- units, at most $per_metric a metric (a fixed sample: the lowest hashes of figure_id), with their
-- headline. Counts first, then the sample's ids, then only those rows: memory stays that of the sample.
WITH counts AS (
    SELECT normalized_unit, metric, count(*) AS metric_n,
           min_by(figure_id, hash(figure_id), $per_metric) AS sample
    FROM economic_figures
    WHERE metric IS NOT NULL AND value_normalized > 0
    GROUP BY ALL
), ranked AS (
    SELECT *,
           dense_rank() OVER (ORDER BY unit_n DESC, normalized_unit) AS unit_rank,
           dense_rank() OVER (PARTITION BY normalized_unit ORDER BY metric_n DESC, metric) AS metric_rank
    FROM (SELECT *, sum(metric_n) OVER (PARTITION BY normalized_unit) AS unit_n FROM counts)
), shown AS (
    SELECT unnest(sample) AS figure_id, unit_rank, metric_rank
    FROM ranked
    WHERE unit_rank <= $units AND metric_rank <= $metrics_per_unit
)
SELECT f.text, f.metric, f.value_normalized, f.normalized_unit, f.period, f.subject, a.headline, f.issue_date
FROM shown AS s
JOIN economic_figures AS f USING (figure_id)
LEFT JOIN articles AS a USING (article_id)
ORDER BY s.unit_rank, s.metric_rank, f.value_normalized
