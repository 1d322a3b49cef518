-- One row per official (two people sharing a name are two rows): name,
-- jurisdiction, titles, and how many articles and pages mention them, when.
SELECT
    o.official_id,
    o.name,
    o.jurisdiction,
    o.titles,
    count(DISTINCT m.article_id) AS article_count,
    count(DISTINCT m.page_id) AS page_count,
    min(m.issue_date) AS first_seen,
    max(m.issue_date) AS last_seen
FROM officials AS o
JOIN official_mentions AS m USING (official_id)
GROUP BY ALL
ORDER BY article_count DESC, o.name, o.official_id
