-- Pairs of officials named in the same article: who appears with whom, how often.
-- Live pages only: a page whose file left the inbox keeps its rows (deleted_at set) but is not counted.
SELECT
    a.official_id AS official_id_a,
    any_value(a.name) AS name_a,  -- one name per official_id
    b.official_id AS official_id_b,
    any_value(b.name) AS name_b,
    count(DISTINCT a.article_id) AS articles,
    min(a.issue_date) AS first_seen,
    max(a.issue_date) AS last_seen
FROM official_mentions_resolved AS a
JOIN official_mentions_resolved AS b
    ON a.article_id = b.article_id AND a.official_id < b.official_id
WHERE a.page_id IN (SELECT page_id FROM pages WHERE deleted_at IS NULL)  -- b is in a's article, so on a's page
GROUP BY a.official_id, b.official_id
ORDER BY articles DESC, name_a, name_b
