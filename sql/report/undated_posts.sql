-- Posts seen only on undated pages (left out of the careers timeline).
SELECT count(*) AS posts FROM official_posts WHERE first_seen IS NULL
