-- What the warehouse holds: the report's summary line.
SELECT (SELECT count(*) FROM pages) AS pages,
       (SELECT count(issue_date) FROM pages) AS dated,
       (SELECT min(issue_date) FROM pages) AS first_issue,
       (SELECT max(issue_date) FROM pages) AS last_issue,
       (SELECT count(*) FROM articles) AS articles,
       (SELECT count(*) FROM officials) AS officials,
       (SELECT count(*) FROM economic_figures) AS figures
