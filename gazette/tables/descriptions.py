"""What each warehouse table and column means: the source of docs/tables.md.

`python -m gazette.docs` rewrites docs/tables.md from these and the schemas;
tests/test_docs.py fails when a column here or in SCHEMAS lacks its other half.
"""

from __future__ import annotations

TABLE_DOCS: dict[str, str] = {
    "pages": "One row per printed page (a page file, a page PDF, or the saved e-paper files of one 版): "
    "where it came from and which issue it belongs to.",
    "page_texts": "One row per page: its decoded and its cleaned text, the text every offset points into.",
    "articles": "One row per article cut from a page.",
    "page_blocks": "One row per non-article block of a page (masthead, promo, weather, ad, copyright, fragment, "
    "caption).",
    "official_mentions": "One row per (article, official): an official named in an article.",
    "officials": "One row per person (two people sharing a name are two rows), over every page.",
    "official_titles": "One row per (official, title held), with when the title was seen.",
    "economic_figures": "One row per economic figure quoted in an article: a number (digits in either width, "
    "Chinese numerals such as 三千五百 or 二〇一九, ranges such as 一两千 or 五六十) with its unit "
    "(gazette/enrich/units.yaml): 35.1亿元, 1.2万亿元, 3千万元, 百分之五点六, 三成, 两成半, 增长1.3倍, 翻一番. "
    "Approximations keep the number as written in value_normalized and their bounds in value_low/value_high "
    "(6万多元, 近百家, 逾千人). Words that only look like numbers (千家万户, 百姓, 一些, 万一) give none.",
    "article_topics": "One row per (article, topic).",
    "article_keywords": "One row per (article, keyword): the article's strongest jieba keywords.",
    "places": "One row per (article, place): towns, streets, villages, zones named in the article.",
    "appointments": "One row per change of office an article reports: (article, person, event, post), "
    "read by gazette/enrich/appointments.yaml.",
}

_PAGE = "page_id of the page it comes from"
_ISSUE = "issue date of its page (null if unknown)"

COLUMN_DOCS: dict[str, dict[str, str]] = {
    "pages": {
        "page_id": "Stable id: a hash of the file's content (the same page under two names is one page; "
        "an e-paper page: of its files' names and contents)",
        "source_path": "Path of the page file relative to the inbox root, '/'-separated (20190226/01.txt; "
        "an e-paper page: its layout page, else its first file)",
        "sha256": "SHA-256 of the file's bytes (an e-paper page of several files: of their names and hashes)",
        "format": "text, markdown, html (saved e-paper pages), pdf (a page PDF) or image (a scanned page): "
        "what the file is, judged by its content",
        "text_source": "Where the text came from: file (the file's own text or markup), layer (a PDF's text layer) "
        "or ocr (read from the page's picture)",
        "ocr_confidence": "Mean confidence of the page's OCR lines, 0-1 (null unless text_source is ocr)",
        "paper": "Profile id of its paper (gazette/papers/<id>.yaml; null if unknown)",
        "issue_date": "Issue date (null if unknown)",
        "issue_date_source": "Where issue_date came from: manifest, masthead, markup (e-paper), file_name "
        "(the file's or a saved mirror's folders) or dateline, in that order of precedence (null if unknown)",
        "issue_no": "Issue number printed in the masthead (总第…期)",
        "edition": "Edition printed in the masthead (e.g. 平湖版)",
        "page_no": "Page number (版次: 1, A02) from manifest.csv, else as an e-paper prints it (01, A02), else from "
        "the file name (2019-02-26_11.txt); null if unknown",
        "char_count": "Characters of decoded text",
        "ingested_at": "When the page was processed (UTC)",
        "partition_key": "This version of the page as a Dagster partition: source_path@ the first 12 hex digits "
        "of sha256 (a changed file is a new partition; its rows replace the old version's, stored under "
        "source_path)",
        "encoding": "Text encoding the file was decoded with (utf-8, gb18030, big5hkscs, utf-16, utf-16-le, …)",
        "paper_source": "How paper was chosen: manifest (the page's row), folder (the folder's default), "
        "markup (the paper's name an e-paper prints, one of a profile's names) or masthead (null if unknown)",
        "layout": "Layout cleaning detected: paragraphs or narrow-columns; founder-classic or founder-new "
        "(e-paper system), pdf-columns (read by XY-cut), ocr-columns (a page image read by OCR, then XY-cut)",
        "rules_version": "Fingerprint of the step code and rule files that produced this page's rows",
        "warnings": "One line each, naming the file: what a reader of this page should doubt (e.g. its date), "
        "or what a step could not do on it (`<file>: enrich: article 3 stored without enrichment: <error>`)",
        "deleted_at": "When the page's file left the inbox (UTC); its rows are kept until pruned",
        "paper_name": "The paper's name as its e-paper markup prints it (founder-papername, 来源, <title>), "
        "whether or not a profile knows it (then paper is null and warnings say so)",
        "page_name": "版名 (要闻, 头版…): e-paper pages, from the page links or label",
        "source_files": "Every file the page was read from: one, or the saved e-paper files of one 版",
        "page_width": "Width of the page in the units of articles.box (PDF points; e-paper image pixels)",
        "page_height": "Height of the page in the units of articles.box",
        "inbox": "Absolute path of the inbox folder the page file was read from; a run over another folder "
        "never marks this page deleted",
    },
    "page_texts": {
        "page_id": "The page",
        "raw_text": "Decoded text of the file as written (traditional characters kept), newlines normalised",
        "clean_text": "Cleaned text (NFKC, no layout spaces, invisible characters or line breaks inside paragraphs; "
        "a traditional page in simplified characters)",
        "raw_offset_runs": "Where clean_text's characters are in raw_text, as runs (gazette/offsets.py): "
        "clean offsets from `clean` on map to `raw` onwards. SQL: raw_offset(raw_offset_runs, clean_offset)",
        "regions": "E-paper and PDF pages: where each span of raw_text came from. article (ordinal when the "
        "markup gives the article), kind (kicker, headline, subheadline, body, caption, author; jump for a "
        "jump line, 下转第2版; line for another PDF text line), raw_start, raw_end, source (file), box (page "
        "coordinates), value (author)",
    },
    "articles": {
        "article_id": "Stable id: page_id and ordinal",
        "page_id": _PAGE,
        "issue_date": _ISSUE,
        "ordinal": "Position of the article on its page, from 1",
        "headline": "Main headline",
        "kicker": "Line above the headline (引题), if any",
        "subheadline": "Line below the headline (副题), if any",
        "type": "news, brief, photo, commentary, feature or notice",
        "dateline": "Opening dateline (e.g. 本报讯 9月12日上午), if any",
        "body": "Cleaned body text, paragraphs separated by newlines",
        "body_chars": "Characters in body",
        "reporters": "Reporters credited (记者)",
        "correspondents": "Correspondents credited (通讯员)",
        "photographers": "Photographers credited (摄影)",
        "char_start": "Start offset of the article in the page's clean_text",
        "char_end": "End offset (exclusive) in clean_text",
        "signature": "Signature line of a signed piece (commentary), if any",
        "raw_char_start": "Start offset in the page's raw_text",
        "raw_char_end": "End offset (exclusive) in raw_text",
        "author": "Author as the e-paper markup gives it (enpproperty trailer), if any",
        "captions": "Captions of the article's pictures (e-paper pages), kept out of body",
        "source_file": "The file the article was read from (e-paper: its article page)",
        "box": "Where the article sits on its page: [x0, y0, x1, y1], y downwards, in the units of "
        "pages.page_width (e-paper hotspot, or the PDF lines it covers)",
        "continued_to": "The 版 the article goes on on, as its jump line names it (下转第2版: 2; A3), if any; "
        "the model article_continuations pairs the parts",
        "continued_from": "The 版 the article goes on from, as its jump line names it (上接第1版: 1), if any",
    },
    "page_blocks": {
        "page_id": "The page",
        "ordinal": "Position of the block on its page, from 1",
        "kind": "masthead, promo, weather, ad, copyright, fragment or caption (a picture caption on an e-paper page)",
        "text": "Cleaned text of the block",
        "char_start": "Start offset in the page's clean_text",
        "char_end": "End offset (exclusive) in clean_text",
    },
    "official_mentions": {
        "article_id": "The article",
        "official_id": "The person: a hash of name and jurisdiction",
        "name": "Name as written",
        "title": "The most specific title the article gives them",
        "jurisdiction": "Where they hold office (平湖市, 嘉兴市, 中央, …): as printed, else the paper's own "
        "(pages.paper), else a place of that level the sentence or headline names; null if none",
        "role": "What the article says they did: 主持, 讲话, 出席, 调研, … (null if none)",
        "first_char_offset": "Offset of their first mention in the article's body",
        "page_id": _PAGE,
        "issue_date": _ISSUE,
        "titles": "Every title the article gives them",
        "posts": "Each of `titles` as a post of the jurisdiction: without the place it prints when that is "
        "the official's own (平湖市副市长 → 副市长, 平湖市委书记 → 市委书记), as official_posts counts them",
        "mention_count": "Times the article names them",
        "status": "serving, acting (代理市长), former (原…), appointed (任命…为…) or removed (免去/辞去…职务), "
        "for the title given",
        "congress_member": "Named only as a people's congress deputy, a CPPCC member or a session's presiding "
        "member (人大代表, 政协委员, 执行主席): a seat, not an office",
    },
    "officials": {
        "official_id": "Stable id: a hash of name and jurisdiction",
        "name": "Name",
        "titles": "Every title seen with this person",
        "jurisdiction": "Where they hold office",
        "first_seen": "Earliest dated issue naming them (null if none is dated)",
        "last_seen": "Latest dated issue naming them",
        "article_count": "Articles naming them",
        "serving_article_count": "Articles naming them as serving in an office (status serving or acting, "
        "not only as a congress or CPPCC member)",
        "apart": "For an official with no jurisdiction (no place printed, a page of no known paper): why its "
        "mentions did not join the one official of that name and title in its paper's home (none there, or "
        "several); null for the others",
        "mention_ids": "The official_ids their mentions carry: their own, and that of their name with no place "
        "when those mentions joined them (official_mentions and appointments keep the id read on the page; "
        "the model official_mentions_resolved gives every mention its official's id)",
    },
    "official_titles": {
        "official_id": "The person",
        "title": "A title they were given",
        "first_seen": "Earliest dated issue giving it",
        "last_seen": "Latest dated issue giving it",
        "first_article_id": "The article that gave it first (the earliest issue; undated issues last, "
        "ties by article_id)",
    },
    "economic_figures": {
        "figure_id": "Stable id: a hash of article, metric and position",
        "article_id": "The article",
        "text": "The figure as written (surface form)",
        "metric": "What is measured, as the paper names it (生产总值, 新增光伏装机, …; null when none is named)",
        "value": "The number as written (the low end of a written range: 五六十 → 50; 两成半 → 2.5)",
        "unit": "Unit as written (万元, 亿元, %, 千瓦时, …)",
        "value_normalized": "Value in normalized_unit, 万/亿/千 applied exactly (35.1亿元 → 3510000000, "
        "6万多元 → 60000, 近千万元 → 10000000, 百分之五点六 → 5.6, 三成 → 30, 翻一番 → 100)",
        "normalized_unit": "CNY, USD, kWh, km, mu, percent, count, …",
        "growth_pct": "Growth in percent, when the figure is a growth rate",
        "share_pct": "Share in percent, when the figure is a share (占比)",
        "period": (
            "Period as printed, resolved with the issue date (2024年1-2月, 2023年, 截至2024年5月底; "
            "今年一季度 when the issue date is unknown)"
        ),
        "subject": "Who or what it is about (平湖市, a zone, a company)",
        "page_id": _PAGE,
        "issue_date": _ISSUE,
        "approximate": "Written as approximate (约, 近, 余, 多, 左右, …) or as a range (五六十, 一两千)",
        "char_offset": "Offset of the figure in the article's body",
        "value_low": "Least the text allows, in normalized_unit (null if unbounded): 五六十 → 50, 6万多元 → 60000, "
        "逾千人 → 1000, 5万至10万元 → 50000 on both ends' rows",
        "value_high": "Most the text allows (null if unbounded): 五六十 → 60, 6万多元 → 70000 (多/余: up to one more "
        "of the last written digit), 近千万元 → 10000000",
    },
    "article_topics": {
        "article_id": "The article",
        "topic": "Topic from the taxonomy in gazette/enrich/topics.yaml",
        "score": "Strength relative to the article's best topic (0-1]",
        "method": "keywords, keywords+tfidf, or fallback (by article type)",
        "page_id": _PAGE,
        "issue_date": _ISSUE,
    },
    "article_keywords": {
        "article_id": "The article",
        "keyword": "A keyword (jieba TF-IDF)",
        "weight": "Its TF-IDF weight",
        "rank": "1 for the strongest keyword of the article",
        "page_id": _PAGE,
        "issue_date": _ISSUE,
    },
    "places": {
        "article_id": "The article",
        "place": "Place name as written (新埭镇, 独山港经济开发区, …)",
        "kind": "town, street, community, village or zone",
        "mention_count": "Times the article names it",
        "page_id": _PAGE,
        "issue_date": _ISSUE,
    },
    "appointments": {
        "article_id": "The article",
        "name": "Name as written",
        "official_id": "The person, by the officials' rule: a hash of name and jurisdiction (as in official_mentions)",
        "event": "appointed, acting (appointed ad interim: 代理…), concurrent (兼任), removed, resigned, elected, "
        "nominated (拟任, 提请任命), transferred (改任, 调任) or retired",
        "public_office": "Whether the post is a public office: of the Party, the state, a people's congress, CPPCC "
        "or a village/community committee (false for companies, associations, schools, hospitals)",
        "post": "The post as written (平湖市副市长, 市财政局局长; null for a retirement that names none)",
        "jurisdiction": "Where the post is: printed in it (平湖市…), else the one the article's mentions give the "
        "name, else the paper's own city",
        "effective": "A date the sentence states (自2024年6月18日起; a month and day take the issue's year), else null",
        "sentence": "The sentence that reports it",
        "title": "The post, without the place it prints when that is the official's jurisdiction "
        "(平湖市副市长 → 副市长)",
        "page_id": _PAGE,
        "issue_date": _ISSUE,
        "char_offset": "Offset of the verb (任命, 免去, …) in the article's body (-1: in a headline)",
    },
}
