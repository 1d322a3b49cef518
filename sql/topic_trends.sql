-- Articles per topic per month of issue (month is null where the issue date is unknown).
-- Live pages only: a page whose file left the inbox keeps its rows (deleted_at set) but is not counted.
SELECT
    t.topic,
    CAST(date_trunc('month', t.issue_date) AS DATE) AS month,
    count(DISTINCT t.article_id) AS article_count,
    avg(t.score) AS avg_score
FROM article_topics AS t
WHERE t.page_id IN (SELECT page_id FROM pages WHERE deleted_at IS NULL)
GROUP BY ALL
ORDER BY month NULLS LAST, article_count DESC, t.topic
