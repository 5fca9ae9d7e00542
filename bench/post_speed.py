"""Comment POSTs per second under gunicorn (gunicorn.conf.py, 2 workers) on PostgreSQL.

Each post comes from its own address (X-Forwarded-For behind TRUSTED_PROXIES=127.0.0.1),
with its own e-mail and text, so neither the flood rule nor the duplicate check refuses it.
Akismet is the fake service of the tests on 127.0.0.1, answering at once or after a delay.
wrk (Debian's package) sends the posts, one connection at a time and then 16 at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \
    CACHE_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/post_speed.py [seconds]

Everything listens on 127.0.0.1 only. See bench/README.md.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.akismet_fake import VALID_KEY, FakeAkismet  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")

LUA = r"""
local counter = 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
function init(args)
  run = tonumber(args[1])
  token = args[2]
  path = args[3]
  origin = args[4]
end
request = function()
  counter = counter + 1
  local ip = string.format("10.%d.%d.%d", (run * 8 + tid) % 256,
                           math.floor(counter / 256) % 256, counter % 256)
  local who = string.format("%d-%d-%d", run, tid, counter)
  local body = "csrfmiddlewaretoken=" .. token .. "&author=bench+" .. who ..
               "&email=b" .. who .. "%40example.com&url=&comment_parent=0" ..
               "&comment=%D8%AA%D8%B9%D9%84%D9%8A%D9%82+" .. who
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Cookie"] = "csrftoken=" .. token
  headers["Origin"] = origin
  headers["X-Forwarded-For"] = ip
  return wrk.format("POST", path, headers, body)
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def django_env(port, akismet):
    env = {
        **os.environ,
        "DEBUG": "off",
        "SECRET_KEY": "bench-" * 10,
        "HTTPS_ONLY": "off",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "TRUSTED_PROXIES": "127.0.0.1",
        "AKISMET_API_KEY": VALID_KEY,
        "AKISMET_API_URL": akismet.url,
        "AKISMET_TIMEOUT": "2",
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/14"),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def prepare(env):
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    script = (
        "from articles.models import Article\n"
        "a = Article.objects.published().filter(comments_open=True).first()\n"
        "print(a.pk, a.get_absolute_url()) if a else print('none')\n"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    if out == ["none"]:
        subprocess.run(
            [PYTHON, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True,
            capture_output=True,
        )  # fmt: skip
        return prepare(env)
    return int(out[0]), out[1]


def csrf_token(base, path):
    page = urllib.request.urlopen(base + urllib.parse.quote(path, safe="/%"), timeout=30)
    cookie = page.headers.get("Set-Cookie", "")
    match = re.search(r"csrftoken=([A-Za-z0-9]+)", cookie)
    # Pages from the page cache set no CSRF cookie: the form is checked by its Origin
    # (newsroom/origin.py), and a token-free post is what a cached page sends.
    return match.group(1) if match else "none"


def cpu_seconds(master_pid) -> float:
    """CPU time (user + system) used so far by gunicorn's workers: a figure that, unlike
    posts per second, hardly depends on what else the machine is doing."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # a worker replaced meanwhile (max_requests)
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def worker_memory_mb(master_pid) -> list[float]:
    """Resident memory of each worker (shared pages of the preloaded app included)."""
    sizes = []
    for pid in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def wrk(base, script, *, run, token, path, connections, seconds):
    threads = min(connections, 2)
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
         "-s", script, base, "--", str(run), token, path, base],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return rate, p50, p99, int(errors.group(1)) if errors else 0, total


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database")
    akismet = FakeAkismet()
    port = free_port()
    env = django_env(port, akismet)
    article_id, path = prepare(env)
    base = f"http://127.0.0.1:{port}"
    command = [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        token = csrf_token(base, path)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA)
        run = int(time.time()) % 1000
        print(f"comment POST, gunicorn.conf.py with 2 workers, {seconds} s per line")
        for delay in (0.0, 0.2):
            akismet.mode = "slow" if delay else "ok"
            akismet.delay = delay
            for connections in (1, 16):
                run += 1
                cpu_before = cpu_seconds(server.pid)
                rate, p50, p99, errors, total = wrk(
                    base, lua.name, run=run, token=token, path=f"/comments/post/{article_id}/",
                    connections=connections, seconds=seconds,
                )  # fmt: skip
                cpu = (cpu_seconds(server.pid) - cpu_before) / max(total, 1) * 1000
                akismet.requests.clear()
                print(
                    f"Akismet {int(delay * 1000):>3} ms, {connections:>2} clients: "
                    f"{rate:7.1f} posts/s  p50 {p50:>8}  p99 {p99:>8}  refused {errors}  "
                    f"web CPU {cpu:.1f} ms/post"
                )
        memory = ", ".join(f"{size:.0f} MB" for size in worker_memory_mb(server.pid))
        print(f"worker memory after the run: {memory}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        akismet.stop()


if __name__ == "__main__":
    main()
