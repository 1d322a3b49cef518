-- Articles per topic and month over the latest $months months of issue, and undated pages.
SELECT topic, month, article_count, avg_score
FROM topic_trends
WHERE month IS NULL OR month > (SELECT max(month) FROM topic_trends) - to_months($months)
