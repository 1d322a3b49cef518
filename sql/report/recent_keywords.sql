-- The strongest keywords of the latest months, by rank.
SELECT month, rank, keyword, articles, weight
FROM top_keywords_by_month
ORDER BY month DESC NULLS LAST, rank
LIMIT $rows
