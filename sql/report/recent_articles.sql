-- The latest articles (undated pages last), with the officials they name and their topics.
WITH a AS (  -- the articles shown first, then only their officials and topics
    SELECT a.issue_date, p.edition, p.partition_key AS page, a.ordinal, a.headline, a.type,
           a.reporters, a.body_chars, a.article_id
    FROM articles AS a LEFT JOIN pages AS p USING (page_id)
    ORDER BY a.issue_date DESC NULLS LAST, p.partition_key, a.ordinal
    LIMIT $rows
), o AS (
    SELECT article_id, list_sort(list_distinct(list(name))) AS officials
    FROM official_mentions WHERE article_id IN (SELECT article_id FROM a) GROUP BY ALL
), t AS (
    SELECT article_id, list(topic ORDER BY score DESC, topic) AS topics
    FROM article_topics WHERE article_id IN (SELECT article_id FROM a) GROUP BY ALL
)
SELECT a.*, o.officials, t.topics
FROM a LEFT JOIN o USING (article_id) LEFT JOIN t USING (article_id)
ORDER BY a.issue_date DESC NULLS LAST, a.page, a.ordinal
