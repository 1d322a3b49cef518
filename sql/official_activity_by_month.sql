-- Articles naming each official per month, split by the role they played (主持/讲话/出席/调研...).
-- Pages of unknown date fall in month NULL.
SELECT
    m.official_id,
    m.name,
    m.jurisdiction,
    CAST(date_trunc('month', m.issue_date) AS DATE) AS month,
    coalesce(m.role, '(none)') AS role,
    count(DISTINCT m.article_id) AS articles
FROM official_mentions AS m
GROUP BY ALL
ORDER BY month NULLS LAST, articles DESC, m.name
