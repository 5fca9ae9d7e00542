"""What an import did: counts by kind and outcome, and every item skipped or repaired."""

from __future__ import annotations

import sys
import time
from collections import Counter


class Report:
    def __init__(self, *, stream=None, progress: bool = False):
        self.counts: Counter = Counter()  # (kind, outcome) -> n
        self.problems: list[tuple[str, str, str]] = []  # (kind, id, reason)
        self.stream = stream or sys.stdout
        self.progress = progress
        self.started = time.monotonic()
        self.items = 0

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts[kind, outcome] += n

    def problem(self, kind: str, ident: str, reason: str) -> None:
        self.problems.append((kind, str(ident), reason))

    def tick(self) -> None:
        """One item of the file read; a progress line on a terminal."""
        self.items += 1
        if self.progress and self.items % 50 == 0:
            rate = self.items / max(time.monotonic() - self.started, 1e-6)
            self.stream.write(f"\r{self.items} items, {rate:.0f}/s")
            self.stream.flush()

    def summary_lines(self) -> list[str]:
        lines = []
        if self.progress:
            lines.append("")
        seconds = time.monotonic() - self.started
        lines.append(f"Read {self.items} items in {seconds:.1f} s.")
        kinds = sorted({kind for kind, _ in self.counts})
        for kind in kinds:
            parts = [
                f"{outcome} {n}"
                for (k, outcome), n in sorted(self.counts.items())
                if k == kind and n
            ]
            lines.append(f"{kind}: " + ", ".join(parts))
        lines.append(
            f"{len(self.problems)} items skipped or repaired" + (":" if self.problems else ".")
        )
        lines.extend(f"  {kind} {ident}: {reason}" for kind, ident, reason in self.problems)
        return lines

    def write(self, path) -> None:
        with open(path, "w", encoding="utf-8") as out:
            out.write("\n".join(self.summary_lines()) + "\n")
