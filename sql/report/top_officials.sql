-- The officials named in the most articles, most-named first (the report's officials chart and table).
SELECT * FROM official_article_counts LIMIT $rows
