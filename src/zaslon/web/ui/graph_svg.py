"""The ownership graph around one entity drawn as inline SVG, for a page that runs no script.

``render_graph`` takes what ``OwnershipService.neighbourhood`` returns (nodes
with ``id``, ``caption``, ``status`` and ``level``; edges with ``owner``,
``asset``, ``percentage``, dates and ``deciding``) and gives SVG text.  It does
no I/O and never reads anything but its arguments.

Layout: one row per level — owners above the entity, what it owns below, as
the neighbourhood's breadth-first levels say (a node without a level gets its
distance from the entity).  Within a row, nodes sit under the mean position of
what they are linked to in the row nearer the entity, then a node before the
same-row companies it owns, then by name: the same graph always gives the same
drawing.  A stake within a row is a straight or arched arrow; a stake pointing
upwards (a cycle) is an arch on the side.

The page's CSP allows no inline styles, so colours and sizes are SVG
presentation attributes, never ``style``.  Every piece of text is escaped:
names from the lists or an uploaded file can hold ``<``, ``&`` and quotes.
Status is shown by colour, by the word under the name and by the border (thick
for listed, dashed for review), so it does not rest on colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

NODE_W, NODE_H = 212, 64
GAP_X, ROW_H = 60, 150
MARGIN = 24
TEXT_ROOM = NODE_W - 16  # pixels of a name per line
ROW_MAX = 5  # nodes drawn per row; the rest are summed up in one box (the table lists them all)
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif"

# kind -> (label in the legend, fill, stroke, stroke width, dash)
STYLES: dict[str, tuple[str, str, str, float, str]] = {
    "listed": ("listed", "#fbd5d1", "#b42318", 3.0, ""),
    "blocked": ("blocked / owned through ownership", "#ffe3c2", "#b54708", 2.0, ""),
    "review": ("review", "#fff2a8", "#9a6700", 2.0, "6 4"),
    "clear": ("not blocked / not owned", "#e9f6ec", "#1f7a3a", 1.5, ""),
    "unlisted": ("on no list, not blocked", "#f4f6f8", "#5a6370", 1.5, "2 3"),
}
MORE = ("not drawn", "#ffffff", "#8a939e", 1.0, "4 3")  # the box that sums up a row's overflow
DECIDING = "#b42318"
OTHER_EDGE = "#6b7480"


@dataclass(slots=True)
class _Node:
    id: str
    caption: str
    status: str  # as given: listed, blocked, owned, review, clear
    kind: str  # a key of STYLES
    level: int
    x: float = 0.0
    y: float = 0.0


def node_kind(status: str, entity_id: str, unlisted_prefix: str = "unlisted-") -> str:
    """The drawing's kind of a node: listed, blocked (blocked or owned), review, clear or unlisted."""
    if status == "listed":
        return "listed"
    if status in ("blocked", "owned"):
        return "blocked"
    if status == "review":
        return "review"
    return "unlisted" if entity_id.startswith(unlisted_prefix) else "clear"


def status_word(status: str, kind: str) -> str:
    """The word written in a node under its name."""
    if kind == "blocked":
        return f"{status} through ownership"
    if kind == "unlisted":
        return "on no list"
    if kind == "clear":
        return "not blocked"
    if kind == "more":
        return "not drawn: see the table below"
    return status


def _levels(
    entity: str, nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]]
) -> dict[str, int]:
    """The given levels; a node without one gets its breadth-first distance (owners negative)."""
    levels = {n["id"]: n["level"] for n in nodes if isinstance(n.get("level"), int)}
    if len(levels) == len(nodes):
        return levels
    levels.setdefault(entity, 0)
    frontier = [entity]
    while frontier:
        nxt = []
        for v in frontier:
            for e in edges:
                if e["asset"] == v and e["owner"] not in levels:
                    levels[e["owner"]] = levels[v] - 1
                    nxt.append(e["owner"])
                elif e["owner"] == v and e["asset"] not in levels and levels[v] >= 0:
                    levels[e["asset"]] = levels[v] + 1
                    nxt.append(e["asset"])
        frontier = nxt
    for n in nodes:  # not connected to the entity: a row of its own at the top
        levels.setdefault(n["id"], min(levels.values(), default=0) - 1)
    return levels


def _order(rows: dict[int, list[_Node]], edges: Sequence[Mapping[str, Any]]) -> None:
    """Place the nodes of each row, from the entity's row outwards (sets ``x`` and ``y``)."""
    by_id = {n.id: n for row in rows.values() for n in row}
    links: dict[str, list[str]] = {}
    for e in edges:
        if e["owner"] in by_id and e["asset"] in by_id:
            links.setdefault(e["owner"], []).append(e["asset"])
            links.setdefault(e["asset"], []).append(e["owner"])
    placed: set[str] = set()
    top = min(rows)
    width = max(len(r) for r in rows.values()) * (NODE_W + GAP_X) - GAP_X
    for level in sorted(rows, key=lambda lv: (abs(lv), lv)):
        row = rows[level]
        ids = {n.id for n in row}

        def anchor(n: _Node, placed: set[str] = placed) -> float:
            near = [by_id[m].x for m in links.get(n.id, []) if m in placed]
            return sum(near) / len(near) if near else MARGIN + width / 2

        # owners within the row go left of what they own: count same-row owners (cycle-safe, bounded)
        depth = {n.id: 0 for n in row}
        for _ in range(len(row)):
            changed = False
            for e in edges:
                owner, asset = e["owner"], e["asset"]
                same_row = owner in ids and asset in ids and owner != asset
                if same_row and depth[asset] <= depth[owner] < len(row):
                    depth[asset] = depth[owner] + 1
                    changed = True
            if not changed:
                break
        row.sort(key=lambda n: (n.kind == "more", round(anchor(n)), depth[n.id], n.caption.casefold(), n.id))
        span = len(row) * (NODE_W + GAP_X) - GAP_X
        left = MARGIN + (width - span) / 2
        for k, n in enumerate(row):
            n.x = left + k * (NODE_W + GAP_X) + NODE_W / 2
            n.y = MARGIN + (level - top) * ROW_H + NODE_H / 2
        placed |= ids


def text_width(text: str) -> float:
    """About how wide ``text`` is in pixels at 13px bold: capitals and wide letters count more."""
    wide, narrow = "MWmw@%", "ilIj.,:;'|!()[] "
    return sum(11.0 if ch in wide else 4.5 if ch in narrow else 10.0 if ch.isupper() else 7.6 for ch in text)


def _cut(text: str, room: float) -> str:
    while text and text_width(text + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _lines(text: str, room: float = TEXT_ROOM, most: int = 2) -> list[str]:
    """A name in at most ``most`` lines that fit ``room`` pixels, cut with an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if not current or text_width(candidate) <= room:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    lines = [ln if text_width(ln) <= room else _cut(ln, room) for ln in lines] or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = _cut(lines[-1], room)
    return lines


def _percent(value: float | None) -> str:
    if value is None:
        return "?%"
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def edge_label(edge: Mapping[str, Any]) -> tuple[str, str]:
    """The two lines written on a stake: its percentage (and control), its dates."""
    if edge.get("label"):
        return str(edge["label"]), ""
    first = _percent(edge.get("percentage"))
    if edge.get("control"):
        first += " · control"
    start, end, as_of = edge.get("start_date"), edge.get("end_date"), edge.get("as_of")
    if start or end:
        second = f"{start or '…'} – {end or 'now'}"
    elif as_of:
        second = f"as of {as_of}"
    else:
        second = ""
    return first, second


def _attrs(**values: object) -> str:
    return " ".join(
        f'{k.rstrip("_").replace("_", "-")}="{escape(str(v), quote=True)}"' for k, v in values.items()
    )


def _text(x: float, y: float, text: str, **attrs: object) -> str:
    return f"<text {_attrs(x=f'{x:.1f}', y=f'{y:.1f}', **attrs)}>{escape(text, quote=True)}</text>"


def _edge_path(a: _Node, b: _Node, bend: int, right: float) -> tuple[str, float, float]:
    """The SVG path of a stake from owner ``a`` to asset ``b`` and the point to label it at."""
    if b.y > a.y:  # downwards, the usual case: bottom of the owner to the top of the asset
        x1, y1, x2, y2 = a.x, a.y + NODE_H / 2, b.x, b.y - NODE_H / 2
        my = (y1 + y2) / 2
        return f"M{x1:.1f},{y1:.1f} C{x1:.1f},{my:.1f} {x2:.1f},{my:.1f} {x2:.1f},{y2:.1f}", (x1 + x2) / 2, my
    if b.y == a.y:  # within a row: side to side, arched over the row when not neighbours
        sign = 1 if b.x > a.x else -1
        x1, x2, y = a.x + sign * NODE_W / 2, b.x - sign * NODE_W / 2, a.y
        if abs(b.x - a.x) <= NODE_W + GAP_X + 1:
            return f"M{x1:.1f},{y:.1f} L{x2:.1f},{y:.1f}", (x1 + x2) / 2, y - 24
        top = y - NODE_H / 2 - 40 - 12 * bend
        x1, x2, y1 = a.x, b.x, y - NODE_H / 2
        return (
            f"M{x1:.1f},{y1:.1f} C{x1:.1f},{top:.1f} {x2:.1f},{top:.1f} {x2:.1f},{y1:.1f}",
            (x1 + x2) / 2,
            top + 8,
        )
    # upwards (a cycle): out of the owner's right side to the right of the whole drawing, then
    # over the asset's row in the gap above it, and down into its top
    out = right + 16 + 8 * bend
    x1, y1 = a.x + NODE_W / 2, a.y
    top = b.y - NODE_H / 2 - 18 - 6 * bend
    path = f"M{x1:.1f},{y1:.1f} L{out:.1f},{y1:.1f} L{out:.1f},{top:.1f} L{b.x:.1f},{top:.1f} L{b.x:.1f},{b.y - NODE_H / 2:.1f}"
    return path, out, (y1 + top) / 2


def render_graph(
    graph: Mapping[str, Any],
    *,
    link: str | None = None,
    unlisted_prefix: str = "unlisted-",
    title: str = "Ownership graph",
) -> str:
    """SVG text for a neighbourhood (``OwnershipService.neighbourhood`` shape).

    ``link``, if given, is a URL template with ``{id}`` (URL-quoted): each node
    becomes a keyboard-focusable link to it, e.g. the ownership page of that node.
    """
    entity = str(graph.get("entity", ""))
    raw_nodes: Sequence[Mapping[str, Any]] = graph.get("nodes") or []
    raw_edges: Sequence[Mapping[str, Any]] = [
        e for e in graph.get("edges") or [] if e.get("owner") != e.get("asset")
    ]
    levels = _levels(entity, raw_nodes, raw_edges)
    rows: dict[int, list[_Node]] = {}
    for n in raw_nodes:
        status = str(n.get("status", "clear"))
        node = _Node(str(n["id"]), str(n.get("caption") or n["id"]), status,
                     node_kind(status, str(n["id"]), unlisted_prefix), levels[n["id"]])  # fmt: skip
        rows.setdefault(node.level, []).append(node)
    if not rows:
        return ""
    raw_edges = list(raw_edges)
    for level, row in rows.items():
        if level != 0 and len(row) > ROW_MAX:
            raw_edges += _cap(row, raw_edges, entity, level)
    _order(rows, raw_edges)
    by_id = {n.id: n for row in rows.values() for n in row}
    right = max(n.x for n in by_id.values()) + NODE_W / 2
    width = int(right + MARGIN + GAP_X)
    height = int(max(n.y for n in by_id.values()) + NODE_H / 2 + MARGIN)
    top_pad = 40 if any(e["owner"] in by_id and e["asset"] in by_id and by_id[e["owner"]].y == by_id[e["asset"]].y
                        for e in raw_edges) else 0  # fmt: skip
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {_attrs(viewBox=f"0 {-top_pad} {width} {height + top_pad}")} '
        f"{_attrs(width=width, height=height + top_pad, role='group', aria_labelledby='graph-title graph-desc')} "
        f"{_attrs(font_family=FONT, font_size=13, class_='ownership-graph')}>"
    )
    out = [
        head,
        f'<title id="graph-title">{escape(title, quote=True)}</title>',
        f'<desc id="graph-desc">{escape(_describe(graph, by_id), quote=True)}</desc>',
        "<defs>",
        *(
            f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="11" markerHeight="11" '
            f'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" {_attrs(fill=colour)}/></marker>'
            for name, colour in (("deciding", DECIDING), ("other", OTHER_EDGE))
        ),
        "</defs>",
    ]
    labels: list[str] = []
    bends: dict[tuple[float, float], int] = {}
    # deciding stakes last, so they are drawn over the others
    for e in sorted(raw_edges, key=lambda e: (bool(e.get("deciding")), str(e["owner"]), str(e["asset"]))):
        a, b = by_id.get(e["owner"]), by_id.get(e["asset"])
        if a is None or b is None:
            continue
        key = (min(a.y, b.y), max(a.y, b.y))
        bend = bends[key] = bends.get(key, -1) + 1
        path, lx, ly = _edge_path(a, b, bend, right)
        deciding = bool(e.get("deciding"))
        colour, kind = (DECIDING, "deciding") if deciding else (OTHER_EDGE, "other")
        first, second = edge_label(e)
        name = f"{a.caption} holds {first} of {b.caption}" + (f", {second}" if second else "")
        if e.get("label"):
            name = f"{first} between {a.caption} and {b.caption}, listed in the table below"
        out.append(
            f'<g class="edge{" deciding" if deciding else ""}"><title>{escape(name, quote=True)}'
            f"{' (on a deciding path)' if deciding else ''}</title>"
            f"<path {_attrs(d=path, fill='none', stroke=colour, stroke_width=3.5 if deciding else 1.5)}"
            f"{' ' + _attrs(stroke_dasharray='5 4') if e.get('percentage') is None else ''} "
            f'marker-end="url(#arrow-{kind})"/></g>'
        )
        chars = max(len(first), len(second))
        box_w, box_h = chars * 7 + 10, 32 if second else 18
        labels.append(
            f'<g class="edge-label"><rect {_attrs(x=f"{lx - box_w / 2:.1f}", y=f"{ly - 13:.1f}", width=box_w, height=box_h, rx=3, fill="#ffffff", fill_opacity=0.92, stroke=colour if deciding else "#d7dce2")}/>'
            + _text(
                lx,
                ly,
                first,
                text_anchor="middle",
                font_weight=700 if deciding else 400,
                fill=colour if deciding else "#1b1f24",
            )
            + (
                _text(lx, ly + 14, second, text_anchor="middle", font_size=11, fill="#5a6370")
                if second
                else ""
            )
            + "</g>"
        )
    for node in sorted(by_id.values(), key=lambda n: (n.y, n.x)):
        out.append(_node_svg(node, node.id == entity, link))
    out.extend(labels)  # labels over nodes and stakes, so none is hidden
    out.append("</svg>")
    return "\n".join(out)


KIND_RANK = {"listed": 0, "blocked": 1, "review": 2, "unlisted": 3, "clear": 4}


def _cap(
    row: list[_Node], edges: Sequence[Mapping[str, Any]], entity: str, level: int
) -> list[dict[str, Any]]:
    """Keep ``ROW_MAX - 1`` nodes of a crowded row (deciding ones first, then by status and name) and
    sum up the rest in one box; the stake that links that box to the entity, if next to it."""
    deciding = {e[k] for e in edges if e.get("deciding") for k in ("owner", "asset")}
    row.sort(key=lambda n: (n.id not in deciding, KIND_RANK.get(n.kind, 9), n.caption.casefold(), n.id))
    dropped = len(row) - (ROW_MAX - 1)
    del row[ROW_MAX - 1 :]
    more = _Node(
        f"more:{level}", f"{dropped} more {'owners' if level < 0 else 'holdings'}", "", "more", level
    )
    row.append(more)
    if abs(level) != 1:
        return []
    owner, asset = (more.id, entity) if level < 0 else (entity, more.id)
    return [{"owner": owner, "asset": asset, "percentage": None, "label": f"{dropped} stakes"}]


def _node_svg(node: _Node, checked: bool, link: str | None) -> str:
    _label, fill, stroke, stroke_w, dash = STYLES.get(node.kind, MORE)
    x0, y0 = node.x - NODE_W / 2, node.y - NODE_H / 2
    word = status_word(node.status, node.kind)
    rect = _attrs(x=f"{x0:.1f}", y=f"{y0:.1f}", width=NODE_W, height=NODE_H, rx=6, fill=fill, stroke=stroke,
                  stroke_width=stroke_w + (1.5 if checked else 0))  # fmt: skip
    if dash:
        rect += " " + _attrs(stroke_dasharray=dash)
    parts = [f"<rect {rect}/>"]
    if checked:  # a second frame marks the entity checked
        parts.append(
            f"<rect {_attrs(x=f'{x0 - 5:.1f}', y=f'{y0 - 5:.1f}', width=NODE_W + 10, height=NODE_H + 10, rx=9, fill='none', stroke='#1b1f24', stroke_width=1)}/>"
        )
    lines = _lines(node.caption)
    first_y = y0 + (20 if len(lines) == 2 else 27)
    for k, line in enumerate(lines):
        parts.append(
            _text(node.x, first_y + 16 * k, line, text_anchor="middle", font_weight=600, fill="#1b1f24")
        )
    parts.append(_text(node.x, y0 + NODE_H - 9, word, text_anchor="middle", font_size=11, fill=stroke))
    name = f"{node.caption} ({node.id}): {word}" + (" — the entity checked" if checked else "")
    inner = f"<title>{escape(name, quote=True)}</title>" + "".join(parts)
    if link is None or checked or node.kind == "more":
        return f'<g class="node node-{node.kind}">{inner}</g>'
    href = link.replace("{id}", quote(node.id, safe=""))
    return f'<a {_attrs(href=href, aria_label=f"{name}; check it")} class="node node-{node.kind}">{inner}</a>'


def _describe(graph: Mapping[str, Any], by_id: Mapping[str, _Node]) -> str:
    entity = by_id.get(str(graph.get("entity", "")))
    owners = sum(1 for n in graph.get("nodes") or [] if (n.get("level") or 0) < 0)
    assets = sum(1 for n in graph.get("nodes") or [] if (n.get("level") or 0) > 0)
    deciding = sum(1 for e in graph.get("edges") or [] if e.get("deciding"))
    name = entity.caption if entity else str(graph.get("entity", ""))
    return (f"{name}: {owners} owner(s) above, {assets} holding(s) below, {deciding} stake(s) on deciding paths "
            "drawn thick in red. The table below lists every stake.")  # fmt: skip


def legend() -> list[tuple[str, str, str, str, str]]:
    """(kind, label, fill, stroke, dash) per node kind, for a page's legend."""
    return [(kind, label, fill, stroke, dash) for kind, (label, fill, stroke, _w, dash) in STYLES.items()]
