"""The layout reader of a printed page: text lines with boxes (from a PDF's text layer or from OCR)
into blocks in reading order.

Reading order by recursive XY-cut over the lines' boxes: a region is cut along its widest white,
a band across the page (between stacked blocks) or a gutter down it (between columns); a column
rule lets a narrow gutter cut too. Pieces are read top to bottom, left to right. A headline is
first widened over the columns of its article, so that its article's gutters do not run past it;
a vertical headline is then read before the text it stands beside.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from gazette.extract.text_layer import Line, Rule

# Sizes relative to the body text's size (the size most characters are set in).
HEADLINE_SIZE = 1.7
SUBHEADLINE_SIZE = 1.3
# Distances in units of the body size.
COLUMN_GAP = 0.6  # the narrowest white gutter between columns
BLOCK_GAP = 0.9  # the narrowest white band between stacked blocks
WIDEST_SHARE = 0.7
HEADLINE_REACH = 6.0  # in body sizes: a line this close over a body line stands over it in its column
NEXT_LINE = 2.5  # a column's first line this close under a headline is its article's
LINE_PITCH = 1.6  # in body sizes: the most one line of a column lies below the one before
MAX_SPANNING = 3  # lines set across the columns of a region (a headline, its kicker and subheadline)
MIN_WHITE = 0.3  # points: the narrowest white band that still separates two lines
RULED = 0.8  # a column rule this share of a region's height parts its columns first
BESIDE = 3.0  # in body sizes: a vertical headline stands this close beside the text it heads
BODY_SHARE = 0.1  # a size at least this share of the characters is set in is a body size


def _gaps(spans: list[tuple[float, float]], minimum: float) -> list[tuple[float, float]]:
    """White intervals at least `minimum` wide between the union of `spans`."""
    gaps, reach = [], None
    for start, end in sorted(spans):
        if reach is not None and start - reach >= minimum:
            gaps.append((reach, start))
        reach = end if reach is None else max(reach, end)
    return gaps


def _ruled(gaps_all: list[tuple[float, float]], rules: list[tuple[float, float, Rule]], extent: float):
    """The narrow gaps a rule runs through for at least half the region."""
    return [(a, b) for a, b in gaps_all if any(a <= at <= b and length >= extent / 2 for at, length, _ in rules)]


def xy_cut(lines: list[Line], body: float, rules: Sequence[Rule] = ()) -> list[list[Line]]:
    """The lines as blocks in reading order (recursive XY-cut; see the module docstring)."""
    if len(lines) <= 1:
        return [lines] if lines else []
    boxes = [line.cut_box for line in lines]
    x0, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    inside = [r for r in rules if r.x0 >= x0 - 1 and r.x1 <= x1 + 1 and r.top >= top - 1 and r.bottom <= bottom + 1]
    across = [((r.top + r.bottom) / 2, r.x1 - r.x0, r) for r in inside if r.x1 - r.x0 > r.bottom - r.top]
    down = [  # a column rule may run on past the region's lines: its length is what runs beside them
        ((r.x0 + r.x1) / 2, min(r.bottom, bottom) - max(r.top, top), r)
        for r in rules
        if r.bottom - r.top > r.x1 - r.x0 and x0 <= r.x0 and r.x1 <= x1 and r.top < bottom and r.bottom > top
    ]
    vertical_spans = [(b[1], b[3]) for b in boxes]
    horizontal_spans = [(b[0], b[2]) for b in boxes]
    bands = _gaps(vertical_spans, BLOCK_GAP * body) or _ruled(_gaps(vertical_spans, MIN_WHITE), across, x1 - x0)
    gutters = _gaps(horizontal_spans, COLUMN_GAP * body) or _ruled(
        _gaps(horizontal_spans, MIN_WHITE), down, bottom - top
    )
    if gutters:  # a band right under headlines parts them from their bodies: the gutters go first
        bands = [band for band in bands if not _under_headlines(band, lines, boxes, body)]
    # Cut along the widest white first: the band between stacked articles is wider than a gutter.
    widest_band = max((b - a for a, b in bands), default=0.0)
    widest_gutter = max((b - a for a, b in gutters), default=0.0)
    # Only the whites nearly as wide as the widest are cut at this level; narrower ones wait for
    # the pieces (the band under side-by-side headlines waits until the gutter between them is cut).
    # A column rule down a gutter for most of the region parts columns, whatever white runs across them.
    ruled = [
        (a, b) for a, b in gutters if any(a <= at <= b and length >= RULED * (bottom - top) for at, length, _ in down)
    ]
    if ruled:
        cuts, axis = [(a + b) / 2 for a, b in ruled], 0
    elif bands and widest_band >= widest_gutter:
        cuts, axis = [(a + b) / 2 for a, b in bands if b - a >= WIDEST_SHARE * widest_band], 1
    elif gutters:
        cuts, axis = [(a + b) / 2 for a, b in gutters if b - a >= WIDEST_SHARE * widest_gutter], 0
    else:
        # No band and no gutter: a line spans the columns (a headline set close over them).
        # Cut above and below the widest lines until the rest shows its gutters.
        cuts, axis = _spanning_cuts(lines, boxes, body), 1
        if not cuts:
            return [sorted(lines, key=lambda line: (line.box[1], line.box[0]))]
    pieces: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    for line, box in zip(lines, boxes, strict=True):
        centre = (box[axis] + box[axis + 2]) / 2
        pieces[sum(centre > cut for cut in cuts)].append(line)
    pieces = [piece for piece in pieces if piece]
    if len(pieces) == 1:  # the cut ran past every line: nothing more to separate
        return [sorted(lines, key=lambda line: (line.box[1], line.box[0]))]
    return [block for piece in pieces for block in xy_cut(piece, body, rules)]


def widen_headlines(lines: list[Line], bodies: list[float], rules: Sequence[Rule] = ()) -> None:
    """Widen each headline over the columns of its article.

    A short headline is centred over its article: without this, the gutters of its article's
    columns run past it, and XY-cut would read a column before the headline above it. The
    columns of an article start just under its headline; those under the headline are its own,
    and it takes the columns beside them in pairs, one on each side, as a centred headline
    stands over them, until a column is another headline's, or a column rule runs down between
    the headline and it (the headline heads its own column alone).
    """
    body = bodies[0]
    heads = [line for line in lines if not line.vertical and relative_size(line.size, bodies) >= SUBHEADLINE_SIZE]
    if not heads:
        return
    head_ids = {id(h) for h in heads}
    box = {id(line): line.box for line in lines}

    def overlaps(a, b) -> bool:
        return box[id(a)][0] < box[id(b)][2] and box[id(b)][0] < box[id(a)][2]

    def over(line) -> list[Line]:
        top = box[id(line)][1]
        return [
            o
            for o in lines
            if o is not line and top - HEADLINE_REACH * body <= box[id(o)][3] <= top + 1 and overlaps(o, line)
        ]

    # A column's first line: nothing but headlines over it.
    tops = [
        line
        for line in lines
        if id(line) not in head_ids and not line.vertical and all(id(o) in head_ids for o in over(line))
    ]
    # A column's first line may be short (a paragraph's last words): take the column's width from
    # the lines right under it.
    width = {}
    for line in tops:
        x0, top, x1, _ = box[id(line)]
        below = [b for b in box.values() if top <= b[1] <= top + 2 * LINE_PITCH * body and b[0] < x1 and x0 < b[2]]
        width[id(line)] = (min(b[0] for b in below), max(b[2] for b in below))

    def under(line, head) -> bool:
        return width[id(line)][0] < box[id(head)][2] and box[id(head)][0] < width[id(line)][1]

    claimed: set[int] = set()
    taken: dict[int, list[Line]] = {}
    rows: dict[int, list[Line]] = {}

    down = [r for r in rules if r.bottom - r.top > r.x1 - r.x0]

    def ruled_off(line, head) -> bool:  # a column rule by the headline's side, between it and the line
        x0, top, x1, bottom = box[id(head)]
        lx0, _, lx1, _ = box[id(line)]
        return any(r.top <= bottom and r.bottom >= top and (x1 <= r.x0 <= lx0 or lx1 <= r.x1 <= x0) for r in down)

    def free(line, head) -> bool:  # not taken, nor under a headline of another article, nor ruled off
        return (
            id(line) not in claimed
            and not ruled_off(line, head)
            and not any(
                h is not head and not overlaps(h, head) and overlaps(h, line) and h in over(line) for h in heads
            )
        )

    ordered = sorted(heads, key=lambda h: (-h.size, box[id(h)][1]))
    for head in ordered:  # the columns under each headline, then its neighbours in pairs
        bottom = box[id(head)][3]
        row = rows[id(head)] = sorted(
            (line for line in tops if 0 <= box[id(line)][1] - bottom <= NEXT_LINE * body),
            key=lambda line: box[id(line)][0],
        )
        core = [line for line in row if under(line, head) and id(line) not in claimed]
        if not core:
            continue
        first, last = row.index(core[0]), row.index(core[-1])
        taken[id(head)] = row[first : last + 1]
        while first > 0 and last < len(row) - 1 and free(row[first - 1], head) and free(row[last + 1], head):
            first, last = first - 1, last + 1
            taken[id(head)] += [row[first], row[last]]
        claimed.update(id(line) for line in taken[id(head)])
    for head in ordered:  # then on one side alone, where the other has no column left (an empty column)
        if id(head) not in taken:
            continue
        row, mine = rows[id(head)], taken[id(head)]
        first, last = min(row.index(line) for line in mine), max(row.index(line) for line in mine)
        while last == len(row) - 1 and first > 0 and free(row[first - 1], head):
            first -= 1
            mine.append(row[first])
            claimed.add(id(row[first]))
        while first == 0 and last < len(row) - 1 and free(row[last + 1], head):
            last += 1
            mine.append(row[last])
            claimed.add(id(row[last]))
        head.reach = (min(width[id(line)][0] for line in mine), max(width[id(line)][1] for line in mine))


def _under_headlines(band: tuple[float, float], lines: list[Line], boxes: list, body: float) -> bool:
    """Whether the lines just over a white band are headlines (set larger than the body)."""
    above = [line for line, box in zip(lines, boxes, strict=True) if band[0] - body <= box[3] <= band[0] + 0.5]
    return bool(above) and all(line.size >= SUBHEADLINE_SIZE * body or line.vertical for line in above)


def _spanning_cuts(lines: list[Line], boxes: list, body: float) -> list[float]:
    heads = [k for k in range(len(lines)) if lines[k].size >= SUBHEADLINE_SIZE * body]
    by_width = sorted(heads, key=lambda k: boxes[k][0] - boxes[k][2]) + [k for k in range(len(lines)) if k not in heads]
    for count in range(1, min(MAX_SPANNING, len(heads), len(lines) - 1) + 1):
        rest = [boxes[k] for k in by_width[count:]]
        if _gaps([(b[0], b[2]) for b in rest], COLUMN_GAP * body):
            cuts = {edge for k in by_width[:count] for edge in (boxes[k][1] - MIN_WHITE, boxes[k][3] + MIN_WHITE)}
            top, bottom = min(b[1] for b in boxes), max(b[3] for b in boxes)
            return sorted(cut for cut in cuts if top < cut < bottom)
    return []


BODY_SHARE = 0.1  # a size at least this share of the characters is set in is a body size


def body_sizes(lines: list[Line]) -> list[float]:
    """The sizes body text is set in (a page may set its notices smaller than its news), smallest first."""
    sizes: Counter = Counter()
    for line in lines:
        if not line.vertical:
            sizes[round(line.size * 2) / 2] += len(line.chars)
    total = sum(sizes.values())
    return sorted(size for size, count in sizes.items() if count >= BODY_SHARE * total) or [10.0]


def relative_size(size: float, bodies: list[float]) -> float:
    """A line's size over the body size it is nearest above."""
    below = [body for body in bodies if body <= size * 1.05]
    return size / (max(below) if below else bodies[0])


def place_vertical_headlines(blocks: list[list[Line]], body: float) -> list[list[Line]]:
    """Read each vertical headline just before the text it stands beside.

    XY-cut reads a vertical headline where its column falls, often after the caption or story it
    heads. It heads the first block, in reading order, that starts within its height (or just
    under it) and lies beside it, at most BESIDE body sizes away.
    """
    verticals = [line for block in blocks for line in block if line.vertical]
    if not verticals:
        return blocks
    out = [[line for line in block if not line.vertical] for block in blocks]
    for head in verticals:
        target = min(_beside(head, out, body), default=None)
        if target is None:
            target = next(k for k, block in enumerate(blocks) if head in block)
        out.insert(target, [head])
    return [block for block in out if block]


def _beside(head: Line, blocks: list[list[Line]], body: float) -> set[int]:
    """The blocks a vertical headline stands beside: those that start within its height (or just
    under it), beside it or beside one another, at most BESIDE body sizes apart."""
    x0, top, x1, bottom = head.box
    spans = {
        k: (min(line.box[0] for line in block), max(line.box[2] for line in block))
        for k, block in enumerate(blocks)
        if block
        and not any(line.vertical for line in block)
        and top - body <= min(line.box[1] for line in block) <= bottom + 2 * body
    }
    reach, found = (x0, x1), set()
    grown = True
    while grown:
        grown = False
        for k, (left, right) in spans.items():
            if k not in found and left - BESIDE * body <= reach[1] and reach[0] <= right + BESIDE * body:
                found.add(k)
                reach, grown = (min(reach[0], left), max(reach[1], right)), True
    return found
