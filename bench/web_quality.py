"""What a visitor's browser gets (issue 18), against gunicorn with the production settings on
loopback (``collectstatic`` into WhiteNoise's compressed manifest storage, DEBUG off, the demo
in a throwaway PostgreSQL). Prints, for the public organisation page and a published report:

* the bytes transferred, all and by kind (document, CSS, JS, fonts, images), cache cold, in
  Debian's Chromium at a phone's size;
* the cumulative layout shift of the mobile progress list (a division officer's round-6 list)
  while Sarabun loads, cache cold, over an emulated slow 4G, from Chromium's
  PerformanceObserver ``layout-shift`` entries;
* with ``--lighthouse``: Lighthouse's scores (mobile preset) for accessibility, best practices,
  SEO and performance. Lighthouse is an npm package, installed outside the checkout:
  ``npm install --prefix var/lighthouse lighthouse@12`` (the script looks there, or at
  ``$LIGHTHOUSE``), run with ``/usr/bin/chromium``.

    scripts/with-postgres.sh .venv/bin/python bench/web_quality.py [--lighthouse]

Not a test: figures to compare before and after a change (docs/architecture.md, issue 18).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, create_database

PY = sys.executable
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "ita-demo-2568"  # noqa: S105 - the demo users' published password
PAGES = {
    "public organisation page": "/p/nathon/",
    "published report (results FY2567)": "/p/nathon/2567/reports/results/?round=12",
}
PROGRESS_LIST = "/o/nathon/progress/2570/?round=6"
PHONE = {"width": 390, "height": 844}
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}

# Sums the bytes of every resource the page loaded, by kind (transferSize: header and body as
# they came over the wire, compressed; 0 for a resource served from the cache), and their
# bodies uncompressed (decodedBodySize).
WEIGHTS = """
() => {
  const entries = [performance.getEntriesByType("navigation")[0],
                   ...performance.getEntriesByType("resource")];
  const kinds = {};
  for (const e of entries) {
    const name = e.name.split("?")[0];
    const kind = e.entryType === "navigation" ? "document"
      : name.endsWith(".css") ? "css" : name.endsWith(".js") ? "js"
      : /\\.(woff2?|ttf|otf)$/.test(name) ? "font"
      : /\\.(png|jpe?g|svg|ico|webp|gif)$/.test(name) ? "image" : "other";
    kinds[kind] = (kinds[kind] || 0) + e.transferSize;
    kinds.decoded = (kinds.decoded || 0) + e.decodedBodySize;
  }
  return kinds;
}
"""
# The page's layout shifts so far (those not caused by the person's own input), summed.
LAYOUT_SHIFT = """
() => new Promise((resolve) => {
  let total = 0;
  const moved = new Set();
  const describe = (node) => {
    if (!node || node.nodeType !== 1) return "text";
    const classes = String(node.className).trim().replace(/ +/g, ".");
    return node.tagName.toLowerCase() + (classes ? "." + classes : "");
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      total += entry.value;
      for (const source of entry.sources || []) moved.add(describe(source.node));
    }
  }).observe({type: "layout-shift", buffered: true});
  document.fonts.ready.then(() => setTimeout(() => resolve([total, [...moved]]), 1000));
})
"""


def _environment(var: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ITA_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        # Plain HTTP on loopback: no TLS proxy in front, so no redirect to https and no HSTS.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
    }


def _manage(env: dict, *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "ita_portal.wsgi", "--workers=2", f"--bind=127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        try:
            if requests.get(f"http://localhost:{port}/p/nathon/", timeout=2).ok:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.2)
    process.kill()
    sys.exit(f"gunicorn did not start:\n{log.read_text()[-3000:]}")


def _kib(size: float) -> str:
    return f"{size / 1024:7.1f} KiB"


def page_weights(base: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for label, path in PAGES.items():
            context = browser.new_context(viewport=PHONE)  # a cold cache each time
            page = context.new_page()
            page.goto(base + path, wait_until="networkidle")
            kinds = page.evaluate(WEIGHTS)
            decoded = kinds.pop("decoded")
            detail = "  ".join(f"{kind} {_kib(size).strip()}" for kind, size in kinds.items())
            print(
                f"{label:36} {_kib(sum(kinds.values()))} transferred, "
                f"{_kib(decoded).strip()} uncompressed   ({detail})"
            )
            context.close()
        browser.close()


def layout_shift(base: str, runs: int = 5) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        shifts, sources = [], set()
        for _ in range(runs):
            context = browser.new_context(viewport=PHONE)
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("ชื่อผู้ใช้").fill("nathon_staff_palad")
            page.get_by_label("รหัสผ่าน").fill(PASSWORD)
            page.get_by_role("button", name="เข้าสู่ระบบ").click()
            page.wait_for_url("**/o/nathon/")
            # The fonts out of the HTTP cache, as on the first visit after logging in, over
            # Lighthouse's "slow 4G" (150 ms, 1.6 Mbit/s): on loopback every font would come
            # before the first paint and nothing would shift.
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.clearBrowserCache")
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
            page.goto(base + PROGRESS_LIST)
            shift, moved = page.evaluate(LAYOUT_SHIFT)
            shifts.append(shift)
            sources.update(moved)
            context.close()
        browser.close()
    print(
        f"layout shift, mobile progress list (CLS, {runs} cold loads): "
        f"max {max(shifts):.3f}, each {' '.join(f'{s:.3f}' for s in shifts)}"
    )
    if sources:
        print(f"    what moved: {', '.join(sorted(sources))}")


def _lighthouse_binary() -> Path | None:
    candidates = [
        os.environ.get("LIGHTHOUSE"),
        ROOT / "var/lighthouse/node_modules/.bin/lighthouse",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


def lighthouse(base: str, work: Path) -> None:
    binary = _lighthouse_binary()
    if binary is None:
        print("lighthouse: not installed (npm install --prefix var/lighthouse lighthouse@12)")
        return
    categories = ["accessibility", "best-practices", "seo", "performance"]
    for label, path in PAGES.items():
        out = work / "lighthouse.json"
        subprocess.run(  # noqa: S603
            [
                str(binary),
                base + path,
                f"--only-categories={','.join(categories)}",
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            timeout=300,
        )
        report = json.loads(out.read_text())
        scores = "  ".join(
            f"{name} {round(report['categories'][name]['score'] * 100)}" for name in categories
        )
        print(f"lighthouse (mobile) {label:36} {scores}")
        failed = [
            audit["id"]
            for name in categories[:3]
            for ref in report["categories"][name]["auditRefs"]
            if ref["weight"]
            and (audit := report["audits"][ref["id"]])["score"] is not None
            and audit["score"] < 1
        ]
        if failed:
            print(f"    audits below 100%: {', '.join(failed)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("DATABASE_URL is not set: run through scripts/with-postgres.sh")
    create_database()
    work = Path(tempfile.mkdtemp(prefix="ita-web-quality-"))
    env = _environment(work)
    try:
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "collectstatic", "--noinput", "-v0")
        _manage(env, "load_demo")
        port = _free_port()
        server = _start_gunicorn(env, port, work / "gunicorn.log")
        # localhost, not 127.0.0.1: Chromium keeps the production settings' Secure cookies
        # over plain HTTP only for localhost.
        base = f"http://localhost:{port}"
        try:
            page_weights(base)
            layout_shift(base)
            if args.lighthouse:
                lighthouse(base, work)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
