-- Articles naming each official per month, split by the role they played (主持/讲话/出席/调研...).
-- Pages of unknown date fall in month NULL.
-- Live pages only: a page whose file left the inbox keeps its rows (deleted_at set) but is not counted.
SELECT
    m.official_id,
    m.name,
    m.jurisdiction,
    CAST(date_trunc('month', m.issue_date) AS DATE) AS month,
    coalesce(m.role, '(none)') AS role,
    count(DISTINCT m.article_id) AS articles
FROM official_mentions_resolved AS m
WHERE m.page_id IN (SELECT page_id FROM pages WHERE deleted_at IS NULL)
GROUP BY ALL
ORDER BY month NULLS LAST, articles DESC, m.name
