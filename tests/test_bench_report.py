"""bench/run's targets table (bench/report.py): a scenario that did not run, or ran with
errors, is a miss with its reason, never a pass. No server, no database."""

from bench.report import scenario_targets

FLOORS = {"cached": 1000.0}


def verdicts(rows, details):
    def find(page, run, connections=None):
        return next((r for r in rows if r["page"] == page and r["run"] == run), None)

    targets = scenario_targets(find, FLOORS, details)
    return {text: (value, verdict) for text, value, verdict in targets}


def news(rps, p99, errors=0, problems=()):
    return {"rps": rps, "p99": p99, "errors": errors, "requests": 100, "problems": list(problems)}


def test_scenarios_that_did_not_run_are_misses_with_their_reason():
    found = verdicts(
        [],
        {
            "proxy": "skipped: nginx is not installed",
            "lighthouse": {
                "skipped": "no npx (Debian: apt-get install npm; or set BENCH_LIGHTHOUSE)"
            },
        },
    )
    assert found
    assert {verdict for _, verdict in found.values()} == {"**miss**"}
    proxy = found["article, 200 comments, through the proxy ≥ 1.5× floor"][0]
    assert "nginx is not installed" in proxy
    lighthouse = next(v for text, (v, _) in found.items() if text.startswith("Lighthouse"))
    assert "no npx" in lighthouse


def test_every_target_met():
    rows = [
        {"page": "article, 200 comments, through the proxy", "run": "cached", "rps": 2000.0,
         "errors": 0},
        {"page": "breaking news (mix, changes)", "run": "cached", **news(400, 120)},
        {"page": "breaking news (mix, changes), through the proxy", "run": "cached",
         **news(3000, 50)},
    ]  # fmt: skip
    details = {
        "freshness": {"comment approved": [0.8, 1.2], "article saved": [1.9]},
        "herd": [{"round": "hot", "renders": 1, "states": {"miss": 1, "stale": 150, "hit": 49}}],
        "hostile": {"posts": 600, "statuses": {302: 600}, "memory": [90.0, 120.0]},
        "lighthouse": {"scores": {"home": {"performance": 100}, "article": {"performance": 100}},
                       "command": "lighthouse"},
    }  # fmt: skip
    found = verdicts(rows, details)
    assert {verdict for _, verdict in found.values()} == {"pass"}, found


def test_each_shortfall_is_a_miss():
    rows = [
        {"page": "article, 200 comments, through the proxy", "run": "cached", "rps": 1400.0,
         "errors": 0},
        {"page": "breaking news (mix, changes)", "run": "cached", **news(400, 260)},
        {"page": "breaking news (mix, changes), through the proxy", "run": "cached",
         **news(3000, 50, errors=1)},
    ]  # fmt: skip
    details = {
        "freshness": {"comment approved": [0.8, None], "article saved": [1.9]},
        "herd": [{"round": "hot", "renders": 1, "states": {"miss": 1, "hit": 198, "error": 1}}],
        "hostile": {"posts": 600, "statuses": {302: 600}, "memory": [90.0, 151.0]},
        "lighthouse": {"scores": {"home": {"performance": 100}, "article": {"performance": 98}},
                       "command": "lighthouse"},
    }  # fmt: skip
    found = verdicts(rows, details)
    assert {verdict for _, verdict in found.values()} == {"**miss**"}, found
    fresh = next(v for text, (v, _) in found.items() if text.startswith("a change visible"))
    assert fresh == "not within 15 s"


def test_two_renders_of_the_herd_is_a_miss():
    details = {"herd": [
        {"round": "hot", "renders": 1, "states": {"miss": 1, "stale": 199}},
        {"round": "home", "renders": 2, "states": {"miss": 2, "stale": 198}},
    ]}  # fmt: skip
    found = verdicts([], details)
    herd = next(v for text, v in found.items() if text.startswith("200 simultaneous"))
    assert herd == ("2 render(s)", "**miss**")


def test_a_new_report_keeps_the_sections_other_commands_measured():
    from bench.report import keep_other_sections

    kept = "## Archive scale\n\narchive rows\n\n## Import rate\n\nrates\n"
    previous = "# Old\n\n| old table |\n\n" + kept
    merged = keep_other_sections("# New\n\n| new table |\n", previous)
    assert merged.startswith("# New\n\n| new table |\n")
    assert "old table" not in merged
    assert merged.endswith(kept)
    # A first run (no file yet) is the report alone.
    assert keep_other_sections("# New\n", "") == "# New\n"
