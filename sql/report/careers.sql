-- official_posts rows with dates of the $top officials named in the most articles (mentions and
-- appointments), most-named first; each person's $posts_each posts printed in the most articles, in
-- order of first_seen. The head of a leaders' list (市领导A、B; titles matching $group_head) is not a post.
WITH named AS (  -- under the official each mention or appointment belongs to (official_mentions_resolved)
    SELECT official_id, article_id FROM official_mentions_resolved
    UNION
    SELECT coalesce(o.official_id, a.official_id), a.article_id
    FROM appointments AS a
    LEFT JOIN (SELECT official_id, unnest(mention_ids) AS mention_id FROM officials) AS o
        ON a.official_id = o.mention_id
),
posts AS (
    SELECT * FROM official_posts
    WHERE first_seen IS NOT NULL AND NOT regexp_matches(title, $group_head)
),
ranked AS (
    SELECT official_id, count(*) AS named FROM named
    WHERE official_id IN (SELECT official_id FROM posts)
    GROUP BY official_id ORDER BY named DESC, official_id LIMIT $top
)
SELECT p.*, r.named FROM posts AS p JOIN ranked AS r USING (official_id)
QUALIFY row_number() OVER (PARTITION BY p.official_id ORDER BY p.articles DESC, p.first_seen, p.title) <= $posts_each
ORDER BY r.named DESC, p.official_id, p.first_seen, p.title
