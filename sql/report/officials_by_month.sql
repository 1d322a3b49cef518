-- Officials named and official-article pairs per month of issue, latest first (undated pages first).
SELECT month, count(DISTINCT official_id) AS officials, sum(articles)::BIGINT AS mentions
FROM official_activity_by_month
GROUP BY month
ORDER BY month DESC NULLS FIRST
