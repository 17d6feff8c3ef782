"""The outcome report as HTML (charts as inline SVG drawn by pygal: no script, no network),
JSON or CSV. The page is for the shop's staff, in English."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from html import escape
from typing import Any

import pygal
from pygal.style import Style

from core.outcomes.report import OUTCOME_NAMES, OutcomeReport

COLOURS = {
    "resolved_hard": "#1b7f4b",
    "resolved_soft": "#7cc49a",
    "returned": "#e0a030",
    "handed_off": "#3a6ea5",
    "abandoned": "#b04a4a",
    "pending": "#b8b8b8",
}
_LOOK: dict[str, Any] = {
    "background": "white",
    "plot_background": "white",
    "foreground": "#333",
    "foreground_strong": "#111",
    "foreground_subtle": "#ddd",
    "opacity": ".9",
    "opacity_hover": "1",
    "font_family": "DejaVu Sans, Noto Sans, Liberation Sans, sans-serif",
    "label_font_size": 13,
    "major_label_font_size": 13,
    "legend_font_size": 13,
    "title_font_size": 15,
    "value_font_size": 12,
    "no_data_font_size": 20,
}
STYLE = Style(
    colors=("#1b7f4b", "#7cc49a", "#e0a030", "#3a6ea5", "#b04a4a", "#8a63b8", "#b8b8b8"), **_LOOK
)
"""Outcome charts: green resolved, amber came back, blue staff, red abandoned, grey pending."""
PLAIN = Style(
    colors=("#3a6ea5", "#8a63b8", "#4aa3b0", "#c77d3a", "#6b8e23", "#b04a4a", "#777"), **_LOOK
)
"""For the charts that are not about outcomes (their colours would read as outcomes)."""
SERIES = ("resolved_hard", "resolved_soft", "returned", "handed_off", "abandoned", "pending")

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Episode",
        "One request of one conversation, from the customer's first message about it to "
        "its end. A request on another topic starts another episode; asked in the middle of a flow "
        "it is a detour, and the flow's episode goes on afterwards.",
    ),
    (
        "Resolved (hard)",
        "The bot finished the request (an answer given, a change made, a return "
        "created: nothing left to ask, no ticket) and the customer confirmed it: thanked the bot, "
        "or rated it 4 or 5.",
    ),
    (
        "Resolved (soft)",
        "The bot finished the request and the customer did not come back on the "
        "same topic (same request; same order when both name one) within the soft window "
        "(24 hours), on any channel.",
    ),
    (
        "Came back",
        "The bot finished the request but the customer asked again on the same topic "
        "within the soft window: the answer did not settle it. The later request is its own "
        "episode.",
    ),
    (
        "Handed to staff",
        "A ticket was opened in the episode (the customer asked for a person, "
        "a complaint, an approval, an intercept at the warehouse...); the reason is the ticket's "
        "kind.",
    ),
    (
        "Abandoned",
        "The request was left unfinished: its question dropped (never mind, unclear "
        "replies) or idle for 12 hours.",
    ),
    (
        "Resolution rate",
        "(resolved hard + resolved soft) ÷ decided episodes (resolved, came "
        "back, handed to staff, abandoned). Episodes still in progress or inside their soft window "
        "are counted apart and in no rate; so are episodes without a request (a greeting).",
    ),
    (
        "First response",
        "From the customer's first message of an episode (the platform's time) to the first "
        "reply, for every episode (also those without a request).",
    ),
    (
        "Time to resolution",
        "From the first message to the bot's finished answer, for resolved episodes.",
    ),
    ("Staff response", "From the ticket to the first staff action on it."),
    ("Staff handling", "From staff taking the conversation over to handing it back."),
    (
        "Median, p90",
        "Nearest-rank: the smallest value with at least half (nine tenths) of the "
        "values at or below it.",
    ),
    (
        "Satisfaction",
        "One question (1 very poor … 5 very good) after a request the bot settled, at most "
        "once a day per customer and never at night; CSAT is the share of 4 and 5.",
    ),
    (
        "Proactive notices",
        "Notices sent by the exception monitor, and the customer's first "
        "choice on each (wait, cancel, coupon, priority shipping, pay another way).",
    ),
    (
        "Compensation",
        "Coupons (their value) and priority shipping accepted by customers, "
        "against the daily budget times the days of the period.",
    ),
    (
        "Refunds",
        "Returns created and paid orders cancelled, with their amounts, by the bot or by staff.",
    ),
    ("Complaints", "Episodes whose request is a complaint; their rate is per started episode."),
    (
        "ROI",
        "Contacts settled by the bot × the configured cost of one human contact; agent hours "
        "saved = contacts settled × minutes per human contact ÷ 60.",
    ),
)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _secs(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 90:
        return f"{value:.1f} s"
    if value < 5400:
        return f"{value / 60:.1f} min"
    return f"{value / 3600:.1f} h"


_SCRIPT = re.compile(r"<script\b.*?</script>|<!--.*?-->", re.S)


def _svg(chart: pygal.graph.graph.Graph) -> str:
    """The chart's SVG without pygal's inline config script (the page runs no script) and
    its comments."""
    return _SCRIPT.sub("", str(chart.render(is_unicode=True)))


def _chart(kind: type, title: str, **options: Any) -> Any:
    options.setdefault("style", STYLE)
    return kind(
        title=title,
        js=[],
        disable_xml_declaration=True,
        width=640,
        height=340,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        print_values=False,
        show_y_guides=True,
        truncate_label=-1,
        truncate_legend=-1,
        **options,
    )


def _whole(chart: Any, *series: list[int | None]) -> Any:
    """Count axes in whole numbers (pygal would label 0.2, 0.4, ... for small counts)."""
    top = max([v or 0 for values in series for v in values] or [0])
    if top == 0:
        return chart  # pygal cannot place labels on an empty chart
    step = max(1, math.ceil(top / 8))
    chart.y_labels = list(range(0, top + step + 1, step))
    return chart


def charts(report: OutcomeReport) -> dict[str, str]:
    """Every chart of the report, as SVG, by name."""
    days = [d["key"][5:] for d in report.by_day]
    out: dict[str, str] = {}

    rate = _chart(pygal.Line, "Resolution rate per day (%)", range=(0, 100), dots_size=4)
    rate.x_labels = days
    rate.add("resolved (hard)", [_num(d["hard_rate"]) for d in report.by_day])
    rate.add("resolved (hard + soft)", [_num(d["resolution_rate"]) for d in report.by_day])
    out["rate_by_day"] = _svg(rate)

    per_day = _chart(pygal.StackedBar, "Episodes per day, by outcome")
    per_day.x_labels = days
    for series in SERIES:
        per_day.add(
            OUTCOME_NAMES.get(series, "not decided yet"), [d[series] for d in report.by_day]
        )
    out["outcomes_by_day"] = _svg(per_day)

    for name, rows, title in (
        ("by_intent", report.by_intent, "By request (intent)"),
        ("by_channel", report.by_channel, "By channel"),
        ("by_language", report.by_language, "By language"),
    ):
        chart = _chart(pygal.HorizontalStackedBar, title)
        chart.x_labels = [r["key"] for r in rows]
        for series in SERIES:
            chart.add(OUTCOME_NAMES.get(series, "not decided yet"), [r[series] for r in rows])
        _whole(chart, [r["episodes"] for r in rows])
        out[name] = _svg(chart)

    reasons = _chart(pygal.HorizontalBar, "Hand-offs to staff, by reason", style=PLAIN)
    for reason, count in report.handoff_reasons.items():
        reasons.add(reason, count)
    _whole(reasons, list(report.handoff_reasons.values()))
    out["handoff_reasons"] = _svg(reasons)

    times = _chart(pygal.Bar, "Times (logarithmic scale)", logarithmic=True, style=PLAIN)
    timings = (
        ("first response", report.first_response),
        ("time to resolution", report.resolution_time),
        ("staff response", report.staff_response),
        ("staff handling", report.staff_handling),
    )
    times.x_labels = [name for name, _ in timings]
    times.y_labels = [{"label": _secs(v), "value": v} for v in (1, 10, 60, 600, 3600, 86400)]
    times.add("median", [_positive(t.median_s) for _, t in timings])
    times.add("p90", [_positive(t.p90_s) for _, t in timings])
    out["times"] = _svg(times)

    title = "Satisfaction answers (1 very poor … 5 very good)"
    csat = _chart(pygal.Bar, title, show_legend=False, style=PLAIN)
    csat.x_labels = [str(score) for score in report.satisfaction.scores]
    csat.add("answers", list(report.satisfaction.scores.values()))
    _whole(csat, list(report.satisfaction.scores.values()))
    out["satisfaction"] = _svg(csat)

    sent = report.notices.by_exception
    notices = _chart(pygal.HorizontalBar, "Proactive notices sent, by exception", style=PLAIN)
    for exception, count in sent.items():
        notices.add(exception.replace("shipment_exception:", ""), count)
    _whole(notices, list(sent.values()))
    out["notices"] = _svg(notices)

    chosen = report.notices.choices
    choices = _chart(pygal.Bar, "What customers chose", show_legend=False, style=PLAIN)
    choices.x_labels = list(chosen)
    choices.add("answers", list(chosen.values()))
    _whole(choices, list(chosen.values()))
    out["notice_choices"] = _svg(choices)

    spend = _chart(pygal.Bar, "Compensation given against budget", style=PLAIN)
    spend.x_labels = [c.currency for c in report.compensation]
    spend.add("given", [float(c.given) for c in report.compensation])
    spend.add(
        "budget", [float(c.budget) if c.budget is not None else None for c in report.compensation]
    )
    out["compensation"] = _svg(spend)

    complaints = _chart(pygal.Line, "Complaints per day (% of episodes)", dots_size=4, style=PLAIN)
    complaints.x_labels = days
    complaints.add("complaint rate", [_num(d["rate"]) for d in report.complaints_by_day])
    out["complaints"] = _svg(complaints)
    return out


def _num(rate: float | None) -> float | None:
    return None if rate is None else round(100 * rate, 1)


def _positive(value: float | None) -> float | None:
    return None if value is None else max(value, 0.1)


CSS = """
body{font-family:"DejaVu Sans","Noto Sans",sans-serif;margin:0;background:#f4f5f7;color:#222}
header{background:#20303f;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:24px} header p{margin:0;color:#cfd8e0;font-size:14px}
header form{margin-top:10px;font-size:14px} header input{font:inherit;padding:2px 4px}
header a{color:#9fd0ff}
main{padding:18px 28px}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px}
.tile{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 2px #0002}
.tile b{display:block;font-size:26px;margin:4px 0} .tile span{font-size:13px;color:#555}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:14px;margin-top:14px}
.card{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 2px #0002}
.card h2{font-size:16px;margin:0 0 6px} .card svg{width:100%;height:auto}
.card{min-width:0;overflow-x:auto}
table{border-collapse:collapse;font-size:12px;width:100%;margin-top:6px}
th,td{border-bottom:1px solid #e4e4e4;padding:3px 6px;text-align:right}
th:first-child,td:first-child{text-align:left}
.formula{font-family:"DejaVu Sans Mono",monospace;font-size:13px;background:#f0f4f0;
padding:8px;border-radius:6px;white-space:pre-wrap}
dl{background:#fff;border-radius:8px;padding:12px 18px;box-shadow:0 1px 2px #0002}
dt{font-weight:bold;margin-top:8px} dd{margin:2px 0 0 0;font-size:14px;color:#333}
"""


def _tally_table(rows: list[dict[str, Any]], label: str) -> str:
    head = (
        f"<tr><th>{escape(label)}</th><th>episodes</th><th>hard</th><th>soft</th>"
        "<th>came back</th><th>staff</th><th>abandoned</th><th>pending</th><th>resolution</th></tr>"
    )
    body = "".join(
        f"<tr><td>{escape(r['key'])}</td><td>{r['episodes']}</td><td>{r['resolved_hard']}</td>"
        f"<td>{r['resolved_soft']}</td><td>{r['returned']}</td><td>{r['handed_off']}</td>"
        f"<td>{r['abandoned']}</td><td>{r['pending']}</td><td>{_pct(r['resolution_rate'])}</td>"
        "</tr>"
        for r in rows
    )
    return f"<table>{head}{body}</table>"


def _card(title: str, svg: str = "", extra: str = "", name: str = "") -> str:
    return (
        f'<section class="card" data-chart="{escape(name)}"><h2>{escape(title)}</h2>'
        f"{svg}{extra}</section>"
    )


def render_html(report: OutcomeReport, *, shop: str = "", form: str = "") -> str:
    """The report as one self-contained HTML page."""
    svg = charts(report)
    t = report.totals
    roi = report.roi
    tiles = [
        (
            "Requests (episodes)",
            str(report.episodes),
            f"{report.no_request} without a request · {report.customers} customers",
        ),
        (
            "Resolved by the bot",
            _pct(t["resolution_rate"]),
            f"hard {_pct(t['hard_rate'])} · soft {_pct(t['soft_rate'])}",
        ),
        ("Handed to staff", _pct(t["handoff_rate"]), f"{t['handed_off']} episodes"),
        (
            "First response, median",
            _secs(report.first_response.median_s),
            f"p90 {_secs(report.first_response.p90_s)}",
        ),
        (
            "Satisfaction",
            "–"
            if report.satisfaction.average is None
            else f"{report.satisfaction.average:.2f} / 5",
            f"CSAT {_pct(report.satisfaction.csat)} · {report.satisfaction.answered} answers",
        ),
        ("Saved", f"{roi.saved} {roi.currency}", f"{roi.hours_saved:g} agent hours"),
    ]
    tiles_html = "".join(
        f'<div class="tile" data-figure="{escape(name)}"><span>{escape(name)}</span>'
        f"<b>{escape(value)}</b><span>{escape(note)}</span></div>"
        for name, value, note in tiles
    )
    times = "".join(
        f"<tr><td>{name}</td><td>{t_.count}</td><td>{_secs(t_.median_s)}</td>"
        f"<td>{_secs(t_.p90_s)}</td></tr>"
        for name, t_ in (
            ("first response", report.first_response),
            ("time to resolution", report.resolution_time),
            ("staff response", report.staff_response),
            ("staff handling", report.staff_handling),
        )
    )
    reasons = "".join(
        f"<tr><td>{escape(k)}</td><td>{n}</td></tr>" for k, n in report.handoff_reasons.items()
    )
    money = "".join(
        f"<tr><td>{escape(c.currency)}</td><td>{c.accepted}</td><td>{c.given}</td>"
        f"<td>{'–' if c.budget is None else c.budget}</td><td>{_pct(c.share_of_budget)}</td></tr>"
        for c in report.compensation
    )
    refunds = "".join(
        f"<tr><td>{escape(m.currency)}</td><td>{m.count}</td><td>{m.amount}</td></tr>"
        for m in report.refunds
    )
    s = report.satisfaction
    n = report.notices
    cards = [
        _card("Resolution rate over time", svg["rate_by_day"], name="rate_by_day"),
        _card("Outcomes per day", svg["outcomes_by_day"], name="outcomes_by_day"),
        _card(
            "By request", svg["by_intent"], _tally_table(report.by_intent, "intent"), "by_intent"
        ),
        _card(
            "By channel",
            svg["by_channel"],
            _tally_table(report.by_channel, "channel"),
            "by_channel",
        ),
        _card(
            "By language",
            svg["by_language"],
            _tally_table(report.by_language, "language"),
            "by_language",
        ),
        _card(
            "Hand-off reasons",
            svg["handoff_reasons"],
            f"<table><tr><th>reason</th><th>episodes</th></tr>{reasons}</table>",
            "handoff_reasons",
        ),
        _card(
            "Response and resolution times",
            svg["times"],
            f"<table><tr><th>time</th><th>n</th><th>median</th><th>p90</th></tr>{times}</table>",
            "times",
        ),
        _card(
            "Satisfaction",
            svg["satisfaction"],
            f"<p>{s.asked} asked · {s.answered} answered · average "
            f"{'–' if s.average is None else f'{s.average:.2f}'} · CSAT {_pct(s.csat)}</p>",
            "satisfaction",
        ),
        _card(
            "Proactive notices and outcomes",
            svg["notices"],
            svg["notice_choices"]
            + f"<p>{n.sent} sent · {n.answered} answered ({_pct(n.answer_rate)})</p>",
            "notices",
        ),
        _card(
            "Compensation against budget",
            svg["compensation"],
            "<table><tr><th>currency</th><th>coupons</th><th>given</th><th>budget</th>"
            f"<th>of budget</th></tr>{money}</table><p>accepted: "
            f"{escape(', '.join(f'{k} {v}' for k, v in report.compensations.items()) or '–')}"
            "</p>",
            "compensation",
        ),
        _card(
            "Complaints",
            svg["complaints"],
            f"<p>complaints: {report.complaints} of {report.episodes} episodes</p>",
            "complaints",
        ),
        _card(
            "Refunds and changes",
            "",
            "<table><tr><th>currency</th><th>refunds</th><th>amount</th></tr>"
            f"{refunds}</table><p>by: "
            f"{escape(', '.join(f'{k} {v}' for k, v in report.refunds_by.items()) or '–')}"
            " · changes: "
            f"{escape(', '.join(f'{k} {v}' for k, v in report.changes.items()) or '–')}</p>",
            "refunds",
        ),
        _card(
            "Return on investment",
            "",
            f'<p class="formula">saved = {escape(roi.formula_saved)}\n'
            f"agent hours saved = {escape(roi.formula_hours)}</p>",
            "roi",
        ),
    ]
    definitions = "".join(
        f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in DEFINITIONS
    )
    period = (
        f"{report.since.isoformat(timespec='minutes')} – "
        f"{report.until.isoformat(timespec='minutes')} (days in {report.timezone}) · as of "
        f"{report.as_of.isoformat(timespec='minutes')}"
    )
    title = f"Outcomes{' · ' + shop if shop else ''}"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1><p>Episodes started {escape(period)}</p>{form}</header>"
        f'<main><section class="tiles">{tiles_html}</section>'
        f'<div class="grid">{"".join(cards)}</div>'
        f"<h2>Definitions</h2><dl>{definitions}</dl></main></body></html>"
    )


def render_json(report: OutcomeReport) -> str:
    return report.model_dump_json(indent=2)


def _flatten(prefix: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(f"{prefix}.{key}" if prefix else str(key), item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            key = item.get("key") or item.get("day") or item.get("currency") or index
            yield from _flatten(f"{prefix}[{key}]", item)
    else:
        yield prefix, "" if value is None else str(value)


def render_csv(report: OutcomeReport) -> str:
    """One figure a line: `figure,value` (`totals.resolved_hard,6`,
    `by_channel[web].episodes,9`)."""
    data = json.loads(report.model_dump_json(), parse_float=Decimal)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["figure", "value"])
    for key, value in _flatten("", data):
        writer.writerow([key, value])
    return buffer.getvalue()


def render(report: OutcomeReport, fmt: str, *, shop: str = "") -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    return render_html(report, shop=shop)
