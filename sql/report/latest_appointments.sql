-- The latest appointments, removals and elections reported, with their headline.
SELECT p.issue_date, p.effective, p.event, p.name, p.post, p.jurisdiction, p.sentence, a.headline
FROM appointments AS p LEFT JOIN articles AS a USING (article_id)
ORDER BY coalesce(p.effective, p.issue_date) DESC NULLS LAST, p.article_id, p.char_offset, p.name
LIMIT $rows
