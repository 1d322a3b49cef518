-- One row per official (two people sharing a name are two rows): name,
-- jurisdiction, titles, and how many articles and pages mention them, when.
-- Mentions are counted per official first, then joined to the officials' names and titles.
-- Live pages only: a page whose file left the inbox keeps its rows (deleted_at set) but is not counted.
WITH mentioned AS (
    SELECT
        official_id,
        count(DISTINCT article_id) AS article_count,
        count(DISTINCT page_id) AS page_count,
        min(issue_date) AS first_seen,
        max(issue_date) AS last_seen
    FROM official_mentions_resolved AS m
    WHERE m.page_id IN (SELECT page_id FROM pages WHERE deleted_at IS NULL)
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
