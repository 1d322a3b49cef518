-- Economic figures summed up per metric and normalised unit (CNY, kWh, percent, ...);
-- values from different units are never added together.
-- Live pages only: a page whose file left the inbox keeps its rows (deleted_at set) but is not counted.
SELECT
    f.metric,
    f.normalized_unit,
    count(*) AS n,
    sum(f.value_normalized) AS sum_value,
    avg(f.value_normalized) AS avg_value,
    min(f.value_normalized) AS min_value,
    max(f.value_normalized) AS max_value,
    list_sort(list_distinct(list(f.period))) AS periods
FROM economic_figures AS f
WHERE f.page_id IN (SELECT page_id FROM pages WHERE deleted_at IS NULL)
GROUP BY ALL
ORDER BY n DESC, f.metric, f.normalized_unit
