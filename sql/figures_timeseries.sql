-- Economic figures as a time series: one row per metric x subject x period x unit,
-- with the issue it was reported in, so a metric can be followed across issues.
-- Live pages only: a page whose file left the inbox keeps its rows (deleted_at set) but is not counted.
SELECT
    f.metric,
    f.subject,
    f.period,
    f.normalized_unit,
    count(*) AS figures,
    avg(f.value_normalized) AS value_normalized,
    avg(f.growth_pct) AS growth_pct,
    avg(f.share_pct) AS share_pct,
    min(f.issue_date) AS first_reported,
    max(f.issue_date) AS last_reported
FROM economic_figures AS f
WHERE f.metric IS NOT NULL AND f.page_id IN (SELECT page_id FROM pages WHERE deleted_at IS NULL)
GROUP BY ALL
ORDER BY f.metric, f.subject, f.period
