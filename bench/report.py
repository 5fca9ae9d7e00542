"""The report of bench/bench.py: the machine, the table, the targets met or missed, and the
scenarios' own figures (bench/scenarios.py), as Markdown for bench/RESULTS.md."""

import datetime
import os
import platform
import subprocess
from pathlib import Path

from bench import scenarios
from bench.common import ROOT


def machine_info(database):
    from django.db import connection

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    wrk_text = wrk_version.stdout or wrk_version.stderr
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    import django
    import gunicorn

    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or "unknown",
        "cpus": f"{os.cpu_count()} × {cpu}",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "postgres": pg,
        "software": f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__}, {' '.join(wrk_text.split()[:2])}",
    }


def ratio(row, floors):
    floor = floors.get(row["run"])
    return row["rps"] / floor if floor and "rps" in row else None


def evaluate(rows, floors, counts, memory, details):
    def find(page, run, connections=None):
        for row in rows:
            same = row["page"] == page and row["run"] == run and not row.get("failed")
            if same and (connections is None or row.get("connections") == connections):
                return row
        return None

    targets = []

    def target(text, value, passed):
        targets.append((text, value, "pass" if passed else "**miss**"))

    cached = find("article, 200 comments", "cached")
    uncached = find("article, 200 comments", "uncached")
    home = find("home", "uncached")
    for text, row, goal in (
        ("article, 200 comments, cached ≥ 0.5× floor", cached, 0.5),
        ("article, 200 comments, uncached ≥ 0.05× floor", uncached, 0.05),
        ("home, uncached ≥ 0.1× floor", home, 0.1),
    ):
        if row:
            value = ratio(row, floors)
            target(text, f"{value:.3f}×", value >= goal)
    for connections in (1, 16):
        row = find("comment POST, Akismet 0 ms", "cached", connections)
        if row:
            label = "sequential" if connections == 1 else f"{connections} concurrent"
            target(
                f"comment POST, Akismet 0 ms, {label} ≥ 120/s",
                f"{row['rps']:.0f}/s",
                row["rps"] >= 120 and row["errors"] == 0,
            )
    one, many = (find("comment POST, Akismet 200 ms", "cached", c) for c in (1, 16))
    if one and many:
        target(
            "comment POST, Akismet 200 ms: 16 clients faster than 1",
            f"{one['rps']:.1f}/s → {many['rps']:.1f}/s",
            many["rps"] > one["rps"] * 1.5,
        )
    thread_counts = {counts.get(f"article, {n} comments") for n in ("0", "200", "1,000")}
    target(
        "article queries the same with 0, 200, 1,000 comments",
        " / ".join(str(counts.get(f"article, {n} comments")) for n in ("0", "200", "1,000")),
        len(thread_counts) == 1,
    )
    biggest = max((size for sizes in memory.values() for size in sizes), default=0)
    target("worker memory < 150 MB", f"{biggest:.0f} MB (largest worker)", 0 < biggest < 150)
    targets += scenario_targets(find, floors, details)
    return targets


def scenario_targets(find, floors, details):
    """The issue's targets measured by bench/scenarios.py; a scenario that did not run is a
    miss, with the reason."""
    targets = []

    def target(text, value, passed):
        targets.append((text, value, "pass" if passed else "**miss**"))

    floor = floors.get("cached")
    proxied = find("article, 200 comments, through the proxy", "cached")
    if proxied and floor:
        value = proxied["rps"] / floor
        target("article, 200 comments, through the proxy ≥ 1.5× floor", f"{value:.3f}×",
               value >= 1.5 and proxied["errors"] == 0)  # fmt: skip
    else:
        target("article, 200 comments, through the proxy ≥ 1.5× floor",
               details.get("proxy", "not measured"), False)  # fmt: skip
    delays = [d for ds in details.get("freshness", {}).values() for d in ds]
    if delays:
        worst = None if None in delays else max(delays)
        target("a change visible through the proxy ≤ 2 s after commit (worst sample)",
               "not within 15 s" if worst is None else f"{worst:.2f} s",
               worst is not None and worst <= 2)  # fmt: skip
    else:
        target("a change visible through the proxy ≤ 2 s after commit",
               details.get("proxy", "not measured"), False)  # fmt: skip
    for suffix in ("", ", through the proxy"):
        news = find(f"breaking news (mix, changes){suffix}", "cached")
        text = f"breaking news{suffix or ', no proxy'}: ≥ 0.3× floor, p99 < 250 ms, 0 errors"
        if news and floor and news["requests"]:
            value = news["rps"] / floor
            target(text, f"{value:.3f}×, p99 {news['p99']:.0f} ms, {news['errors']} errors",
                   value >= 0.3 and news["p99"] < 250 and news["errors"] == 0
                   and not news["problems"])  # fmt: skip
        else:
            target(text, "not measured", False)
    rounds = details.get("herd", [])
    if rounds:
        worst = max(r["renders"] for r in rounds)
        failed = sum(n for r in rounds for state, n in r["states"].items()
                     if state not in ("hit", "stale", "miss"))  # fmt: skip
        target("200 simultaneous requests for a just-invalidated page: 1 render (worst round)",
               f"{worst} render(s)" + (f", {failed} failed" if failed else ""),
               worst == 1 and not failed)  # fmt: skip
    hostile = details.get("hostile")
    if hostile:
        biggest = max(hostile["memory"], default=0)
        target(f"worker memory < 150 MB after {hostile['posts']} comments of 65,000 × '&'",
               f"{biggest:.0f} MB (largest worker)", 0 < biggest < 150)  # fmt: skip
    found = details.get("lighthouse", {})
    if "scores" in found:
        scores = {page: s.get("performance") for page, s in found["scores"].items()}
        target("Lighthouse mobile performance 100 on home and the 200-comment article",
               ", ".join(f"{page} {score}" for page, score in scores.items()),
               all(score == 100 for score in scores.values()))  # fmt: skip
    else:
        target("Lighthouse mobile performance 100 on home and the 200-comment article",
               f"not measured: {found.get('skipped', 'not run')}", False)  # fmt: skip
    return targets


def report_scenarios(details, args):
    """The scenarios' own figures, below the targets."""
    lines = ["## Scenarios (cached server)", ""]
    rounds = details.get("herd", [])
    if rounds:
        lines += [
            f"**Herd** ({scenarios.HERD_CLIENTS} requests at once, connections opened "
            "first, right after the change; `X-Page-Cache`: `miss` is a render):",
            "",
        ]
        for r in rounds:
            states = ", ".join(f"{k} {v}" for k, v in sorted(r["states"].items()))
            lines.append(f"- {r['round']}: {r['renders']} render(s) ({states})")
        lines.append("")
    if "proxy_herd" in details:
        found = details["proxy_herd"]
        states = ", ".join(f"{k} {v}" for k, v in sorted(found["states"].items()))
        lines += [
            "Through the proxy, hot article after an article save, once the proxy's copy had "
            f"expired: {found['reached']} of the {scenarios.HERD_CLIENTS} requests reached "
            f"gunicorn (its access log; `X-Proxy-Cache`: {states}).",
            "",
        ]
    for kind, delays in details.get("freshness", {}).items():
        shown = ", ".join("none within 15 s" if d is None else f"{d:.2f}" for d in delays)
        lines.append(f"- **Change → visible through the proxy**, {kind}: {shown} s")
    if details.get("freshness"):
        lines += [
            "",
            "(from the commit's return to the first poll, every 20 ms, whose body "
            "holds the change; includes the app's render of the changed page. The app dates each "
            "page to the end of the second it was made in (X-Accel-Expires), so the proxy's "
            "copy lives at most a second)",
            "",
        ]
    if "proxy" in details:
        lines += [f"Proxy: {details['proxy']}", ""]
    for where, news in details.get("breaking", []):
        lines.append(
            f"- **Breaking news**, {where}: {news.get('approved', 0)} comments approved and "
            f"{news.get('saved', 0)} article saves during the run"
            + (f"; the desk failed: {news['problems']}" if news["problems"] else "")
        )
    if details.get("breaking"):
        lines.append("")
    hostile = details.get("hostile")
    if hostile:
        lines += [
            f"**Hostile comments**: {hostile['posts']} posts of 65,000 × '&', answers "
            f"{hostile['statuses']}; worker RSS after them and reads of the article and "
            "its comment feed: " + ", ".join(f"{m:.0f} MB" for m in hostile["memory"]),
            "",
        ]
    found = details.get("lighthouse", {})
    if "scores" in found:
        lines += [
            "**Lighthouse** (mobile preset, simulated throttling, against the cached "
            f"gunicorn; `{found['command']}`):",
            "",
        ]
        for page, scores in found["scores"].items():
            lines.append(f"- {page}: " + ", ".join(f"{k} {v}" for k, v in scores.items()))
        lines.append("")
    else:
        lines += [f"**Lighthouse**: skipped ({found.get('skipped', 'not run')}).", ""]
    lines.append(
        f"Breaking news: {args.breaking_connections} connections for "
        f"{args.breaking_duration} s, a random mix of home, the hot article, 3 other "
        "articles and a section, while a comment is approved every second and an article "
        "saved every 10 s (first at 2 s); rows *breaking news* in the table above."
    )
    lines.append("")
    return "\n".join(lines)


def markdown(info, rows, floors, counts, memory, targets, servers, args):
    lines = [
        "# Benchmark results",
        "",
        f"Written by `bench/run{' --quick' if args.quick else ''}` on {info['date']}, "
        f"commit `{info['commit']}`.",
        "",
        f"- Machine: {info['cpus']}; load average at the end: {info['load']}",
        f"- PostgreSQL {info['postgres']}; {info['software']}",
        f"- Server: {servers}; DEBUG off; wrk on loopback, {args.duration} s per figure after "
        f"{args.warmup} s of warm-up, 2 threads × {args.connections} connections unless said",
        "- *uncached*: `CACHE_URL=dummycache://`; *cached*: Redis. Ratios are to the floor of "
        "the same server start, the mean of its two measurements (first and last). "
        "*alone*: median time of one request with no other load "
        "(before the warm-up).",
        "",
        "| page | run | conn. | req/s | p50 ms | p99 ms | × floor | errors | alone ms | queries |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row.get("failed"):
            lines.append(f"| {row['page']} | {row['run']} | | failed (see the log) | | | | | | |")
            continue
        value = ratio(row, floors)
        queries = counts.get(row["page"], "") if row["run"] == "uncached" else ""
        alone = f"{row['alone']:.0f}" if "alone" in row else ""
        if not row["requests"]:
            lines.append(
                f"| {row['page']} | {row['run']} | {row.get('connections', args.connections)} "
                f"| 0 (none answered within the run) | | | 0 | {row['errors']} | {alone} "
                f"| {queries} |"
            )
            continue
        lines.append(
            f"| {row['page']} | {row['run']} | {row.get('connections', args.connections)} "
            f"| {row['rps']:,.1f} | {row['p50']:.1f} | {row['p99']:.1f} "
            f"| {value:.3f} | {row['errors']} | {alone} | {queries} |"
        )
    lines += ["", "SQL queries per page (anonymous reader, no cache, Django test client): "]
    lines.append(", ".join(f"{page} {count}" for page, count in counts.items()) + ".")
    lines += ["", "Worker memory (RSS after the run, from /proc):", ""]
    for label, sizes in memory.items():
        lines.append(f"- {label}: " + ", ".join(f"{size:.0f} MB" for size in sizes))
    lines += ["", "## Targets", "", "| target | reached | |", "|---|---|---|"]
    lines += [f"| {text} | {value} | {verdict} |" for text, value, verdict in targets]
    lines += [
        "",
        "*errors* counts non-2xx/3xx answers, socket errors and timeouts; a figure with "
        "errors is not a pass.",
        "",
        "",
    ]
    return "\n".join(lines)


# Sections of bench/RESULTS.md that other commands measure (bench/run --archive, the import
# rate script): a run of bench/run rewrites the rest of the file and keeps these as they are.
KEPT_SECTIONS = ("## Archive scale", "## Import rate")


def keep_other_sections(report: str, previous: str) -> str:
    """The new report followed by the sections of the previous file that bench/run does not
    measure (from the first of KEPT_SECTIONS to the end), unless the report has its own."""
    starts = [previous.find(f"\n{title}\n") for title in KEPT_SECTIONS]
    starts = [start for start in starts if start >= 0]
    if not starts or any(f"\n{title}\n" in report for title in KEPT_SECTIONS):
        return report
    return report.rstrip("\n") + "\n" + previous[min(starts) :]
