-- One row per official and title held; a person's rows ordered by first_seen are their career
-- (副市长 -> 代理市长 -> 市长: one official_id, one name in one jurisdiction, see docs/careers.md).
-- A title is seen where official_mentions gives it and where appointments report it held
-- (appointed, acting, concurrent, elected, transferred open it; removed and resigned show it held
-- until then; nominated and retired hold none). An acting post (代理市长) is a title of its own.
-- Public offices only: a company's or a school's post is in appointments, not in a career here.
-- first_seen/last_seen are issue dates; articles on pages with no issue date count in
-- articles and undated_articles but not in the dates. opened_* is the earliest appointment
-- to the title the paper printed, closed_* the latest removal or resignation from it.
-- Live pages only: a page whose file left the inbox keeps its rows (deleted_at set) but is not counted.
WITH live_appointments AS (  -- under the official each belongs to, as official_mentions_resolved
    SELECT a.* REPLACE (coalesce(o.official_id, a.official_id) AS official_id)
    FROM appointments AS a
    LEFT JOIN (SELECT official_id, unnest(mention_ids) AS mention_id FROM officials) AS o
        ON a.official_id = o.mention_id
    WHERE a.public_office AND a.page_id IN (SELECT page_id FROM pages WHERE deleted_at IS NULL)
),
sightings AS (
    SELECT
        official_id,
        name,
        jurisdiction,
        unnest(CASE WHEN len(posts) > 0 THEN posts ELSE [title] END) AS title,
        article_id,
        issue_date
    FROM official_mentions_resolved
    WHERE page_id IN (SELECT page_id FROM pages WHERE deleted_at IS NULL)
    UNION ALL
    SELECT official_id, name, jurisdiction, title, article_id, issue_date
    FROM live_appointments
    WHERE event IN ('appointed', 'acting', 'concurrent', 'elected', 'transferred', 'removed', 'resigned')
),
opened AS (
    SELECT
        official_id,
        title,
        event AS opened_by,
        coalesce(effective, issue_date) AS opened_on,
        article_id AS opened_in
    FROM live_appointments
    WHERE event IN ('appointed', 'acting', 'concurrent', 'elected', 'transferred')
    QUALIFY row_number() OVER (
        PARTITION BY official_id, title ORDER BY coalesce(effective, issue_date) NULLS LAST, article_id
    ) = 1
),
closed AS (
    SELECT
        official_id,
        title,
        event AS closed_by,
        coalesce(effective, issue_date) AS closed_on,
        article_id AS closed_in
    FROM live_appointments
    WHERE event IN ('removed', 'resigned')
    QUALIFY row_number() OVER (
        PARTITION BY official_id, title ORDER BY coalesce(effective, issue_date) DESC NULLS LAST, article_id
    ) = 1
)
SELECT
    s.name,
    s.official_id,
    s.jurisdiction,
    s.title,
    min(s.issue_date) AS first_seen,
    max(s.issue_date) AS last_seen,
    count(DISTINCT s.article_id) AS articles,
    count(DISTINCT s.article_id) FILTER (WHERE s.issue_date IS NULL) AS undated_articles,
    o.opened_by,
    o.opened_on,
    o.opened_in,
    c.closed_by,
    c.closed_on,
    c.closed_in
FROM sightings AS s
LEFT JOIN opened AS o USING (official_id, title)
LEFT JOIN closed AS c USING (official_id, title)
GROUP BY ALL
ORDER BY s.name, s.official_id, first_seen NULLS LAST, s.title
