-- One row per official (two people sharing a name are two rows): name,
-- jurisdiction, titles, and how many articles and pages mention them, when.
-- Mentions are counted per official first, then joined to the officials' names and titles.
WITH mentioned AS (
    SELECT
        official_id,
        count(DISTINCT article_id) AS article_count,
        count(DISTINCT page_id) AS page_count,
        min(issue_date) AS first_seen,
        max(issue_date) AS last_seen
    FROM official_mentions
    GROUP BY official_id
)
SELECT
    o.official_id,
    o.name,
    o.jurisdiction,
    o.titles,
    m.article_count,
    m.page_count,
    m.first_seen,
    m.last_seen
FROM officials AS o
JOIN mentioned AS m USING (official_id)
ORDER BY m.article_count DESC, o.name, o.official_id
