-- The latest figures as quoted, with their headline.
SELECT f.issue_date, f.text, f.metric, f.value_normalized, f.normalized_unit, f.growth_pct,
       f.period, f.subject, a.headline
FROM economic_figures AS f LEFT JOIN articles AS a USING (article_id)
ORDER BY f.issue_date DESC NULLS LAST, f.page_id, f.char_offset
LIMIT $rows
