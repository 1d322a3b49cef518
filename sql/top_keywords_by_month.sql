-- The ten strongest keywords of each month (summed jieba weights over that month's articles).
-- Live pages only: a page whose file left the inbox keeps its rows (deleted_at set) but is not counted.
WITH monthly AS (
    SELECT
        CAST(date_trunc('month', k.issue_date) AS DATE) AS month,
        k.keyword,
        count(*) AS articles,  -- (article_id, keyword) is the table's key: one row per article
        sum(k.weight) AS weight
    FROM article_keywords AS k
    WHERE k.page_id IN (SELECT page_id FROM pages WHERE deleted_at IS NULL)
    GROUP BY ALL
)
SELECT month, keyword, articles, round(weight, 4) AS weight, rank
FROM (
    SELECT *, row_number() OVER (PARTITION BY month ORDER BY weight DESC, keyword) AS rank
    FROM monthly
)
WHERE rank <= 10
ORDER BY month NULLS LAST, rank
