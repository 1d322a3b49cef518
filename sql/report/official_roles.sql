-- Articles per role (主持, 讲话, 出席, …) for each of the listed officials.
SELECT official_id, role, sum(articles)::BIGINT AS articles
FROM official_activity_by_month
WHERE official_id IN (SELECT unnest($official_ids::VARCHAR[]))
GROUP BY ALL
