-- One row per article printed in parts and the part it goes on in: the article whose jump line
-- says 下转第2版 (articles.continued_to) and the article of the same paper and issue date on that
-- 版 whose jump line says 上接 its 版 (continued_from). Where several articles on that 版 go on from
-- it, the one whose headline the continuation repeats (equal, or one holding the other) is taken;
-- a continuation with no jump line of its own is taken only when it repeats the headline.
-- An article in three parts gives two rows (1 -> 2, 2 -> 3). 版 numbers compare as printed, less
-- leading zeros (A03 = A3). Live pages with an issue date, a paper and a page number only.
WITH parts AS (
    SELECT
        a.article_id,
        a.headline,
        a.ordinal,
        a.continued_to,
        a.continued_from,
        a.body_chars,
        p.paper,
        p.issue_date,
        p.page_no,
        regexp_replace(upper(p.page_no), '^([A-Z]?)0*([0-9])', '\1\2') AS page
    FROM articles AS a
    JOIN pages AS p USING (page_id)
    WHERE p.deleted_at IS NULL AND p.issue_date IS NOT NULL AND p.paper IS NOT NULL AND p.page_no IS NOT NULL
),
candidates AS (
    SELECT
        here.paper,
        here.issue_date,
        here.article_id,
        here.page_no,
        here.headline,
        there.article_id AS continued_article_id,
        there.page_no AS continued_page_no,
        there.headline AS continued_headline,
        coalesce(
            here.headline = there.headline
            OR contains(here.headline, there.headline)
            OR contains(there.headline, here.headline),
            FALSE
        ) AS headline_match,
        there.continued_from IS NOT NULL AS jumps_back,
        there.ordinal AS continued_ordinal,
        here.body_chars + there.body_chars AS body_chars
    FROM parts AS here
    JOIN parts AS there
        ON here.paper = there.paper
        AND here.issue_date = there.issue_date
        AND here.continued_to = there.page
        AND here.page <> there.page
        AND (there.continued_from IS NULL OR there.continued_from = here.page)
),
onward AS (
    SELECT * FROM candidates
    WHERE jumps_back OR headline_match
    QUALIFY row_number() OVER (
        PARTITION BY article_id ORDER BY headline_match DESC, jumps_back DESC, continued_ordinal
    ) = 1
)
SELECT
    paper,
    issue_date,
    article_id,
    page_no,
    headline,
    continued_article_id,
    continued_page_no,
    continued_headline,
    headline_match,
    body_chars
FROM onward
QUALIFY row_number() OVER (PARTITION BY continued_article_id ORDER BY headline_match DESC, article_id) = 1
ORDER BY paper, issue_date, article_id
