-- Economic figures summed up per metric and normalised unit (CNY, kWh, percent, ...);
-- values from different units are never added together.
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
GROUP BY ALL
ORDER BY n DESC, f.metric, f.normalized_unit
