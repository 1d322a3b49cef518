-- official_mentions with each mention under the official it belongs to. A mention printed with no
-- place (市委书记某某 on a page that names no city) is stored with the id of its name and no place;
-- where it joined the one official of that name and title in its paper's home, that official's
-- official_id and jurisdiction are given here (officials.mention_ids). Every other mention is as stored.
-- The models of officials read mentions through this one.
SELECT m.* REPLACE (
    coalesce(o.official_id, m.official_id) AS official_id,
    coalesce(m.jurisdiction, o.jurisdiction) AS jurisdiction
)
FROM official_mentions AS m
LEFT JOIN (SELECT official_id, jurisdiction, unnest(mention_ids) AS mention_id FROM officials) AS o
    ON m.official_id = o.mention_id
