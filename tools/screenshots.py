"""Take the README's screenshots (docs/*.png) from a running Odoo with demo data.

Normally run by ``make docs`` (tools/docs.sh), which makes sure the demo
database exists and serves it on a free port::

    .venv/bin/python tools/screenshots.py --url http://127.0.0.1:8069 --db apb_demo

Headless Chromium is driven over the Chrome DevTools Protocol with the
``websocket-client`` package; the session comes from a JSON-RPC login
(admin / admin). Writes, under ``--out`` (default: docs/ of the repository):

* batches-kanban.png: Invoicing > Customers > Payment Batches, by state;
* batch-form.png: the open demo batch of a clerk's Monday (twelve receipts);
* batch-receipts.png: the same batch's Receipts tab, with the Match badges;
* account-balance-receipt.png: the demo account-balance receipt, its rows of
  on-account credit applied to invoices;
* batch-deposit.png: the closed demo batch (and its Bank group) behind its
  Prepare Deposit dialog, which is discarded: no deposit is created;
* import-result.png: the result screen of an import into a batch this script
  creates (a CSV with a few demo customers' invoices and one rejected row);
* card-charge-create.png, card-charge-select.png, card-charge-confirm.png:
  the three steps of Charge Cards (discarded before Submit: nothing charged);
* card-charge-history.png, card-charge-batch.png: the card charge history and
  the demo card charge batch (tools/demo_card_charges.py) with its results.

The demo batches are left as they were: the import batch is cancelled (which
deletes its receipts) and archived when the script ends, and the batches left
by earlier runs are too, before it starts. Exits with status 1 and a message
naming the screen when one cannot be reached.
"""

import argparse
import base64
import contextlib
import csv
import datetime
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

REPO = Path(__file__).resolve().parent.parent
MODULE = "account_payment_batch"
ACTION = f"{MODULE}.action_account_payment_batch"
MENU = f"{MODULE}.menu_account_payment_batch"
OPEN_BATCH = f"{MODULE}.demo_day_batch"
CLOSED_BATCH = f"{MODULE}.demo_batch_closed"
BATCH_TYPE = f"{MODULE}.demo_type_cash_receipts"
# Marks the batches this script creates, so a later run finds and retires them.
MARKER = "Created by tools/screenshots.py for docs/import-result.png."

CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-features=Translate,MediaRouter",
    "--lang=en-US",
    "--font-render-hinting=none",
]

# Injected into every page: no blinking caret, no animations or transitions,
# so two runs give the same pixels and nothing is caught half-way.
STILL_CSS = """
*, *::before, *::after {
    caret-color: transparent !important;
    transition: none !important;
    animation: none !important;
    scroll-behavior: auto !important;
}
"""
INJECT_STILL_CSS = f"""
(() => {{
    const add = () => {{
        const style = document.createElement("style");
        style.textContent = {json.dumps(STILL_CSS)};
        document.head.appendChild(style);
    }};
    if (document.head) add();
    else document.addEventListener("DOMContentLoaded", add);
}})();
"""

# Returns "ready" or what the page is still waiting for. An error dialog or the
# login page is reported as such, for the caller to fail at once.
READY_JS = """
((selector, text) => {
    if (window.__apbStale) return "the previous page";
    if (document.readyState !== "complete") return "the document";
    const error = document.querySelector(".o_error_dialog, .o_dialog .alert-danger");
    if (error) return "ERROR " + error.innerText.trim().slice(0, 800);
    if (document.querySelector("form.oe_login_form")) {
        return "ERROR the login page is shown: the session was not accepted";
    }
    const found = [...document.querySelectorAll(selector)].filter(
        (el) => !text || el.innerText.includes(text)
    );
    if (!found.length) return text ? `${selector} with text "${text}"` : selector;
    if (document.querySelector(".o_blockUI, .o_loading_indicator, .o_spinner, .fa-spin")) {
        return "a spinner";
    }
    if (document.fonts.status !== "loaded") return "fonts";
    if (![...document.images].every((img) => img.complete)) return "images";
    return "ready";
})
"""


class ScreenError(Exception):
    """A screen could not be reached or captured."""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_chromium(explicit):
    candidates = [explicit, os.environ.get("CHROMIUM")]
    candidates += [
        shutil.which(name)
        for name in ("chromium", "chromium-browser", "google-chrome", "chrome")
    ]
    for candidate in candidates:
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    sys.exit(
        "screenshots: Chromium not found; install it (apt-get install chromium) "
        "or pass --chromium / set CHROMIUM"
    )


# ---------------------------------------------------------------------------
# Odoo over JSON-RPC
# ---------------------------------------------------------------------------
class Odoo:
    def __init__(self, url, db, login, password):
        self.url = url.rstrip("/")
        self.db = db
        self.http = requests.Session()
        self._ids = itertools.count(1)
        info = self.rpc(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
            what=f"logging in as {login} on database {db}",
        )
        self.session_id = self.http.cookies.get("session_id")
        if not self.session_id or not (info or {}).get("uid"):
            raise ScreenError(f"logging in as {login} on database {db} failed")
        self.uid = info["uid"]

    def rpc(self, path, params, what):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(self._ids),
            "params": params,
        }
        try:
            response = self.http.post(self.url + path, json=payload, timeout=120)
            response.raise_for_status()
            answer = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ScreenError(f"{what}: {exc}") from exc
        if answer.get("error"):
            error = answer["error"]
            message = error.get("data", {}).get("message") or error.get("message")
            raise ScreenError(f"{what}: {message}")
        return answer.get("result")

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            what=f"{model}.{method}",
        )

    def ref(self, xmlid):
        """The (model, id) of ``xmlid``; a clear error when it does not exist."""
        module, name = xmlid.split(".", 1)
        rows = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["model", "res_id"],
            limit=1,
        )
        if not rows:
            raise ScreenError(f"{xmlid} not found in database {self.db}")
        return rows[0]["model"], rows[0]["res_id"]


# ---------------------------------------------------------------------------
# Chromium over the DevTools protocol
# ---------------------------------------------------------------------------
class Browser:
    def __init__(self, chromium, width, height, timeout):
        self.timeout = timeout
        self.width, self.height = width, height
        self.profile = tempfile.mkdtemp(prefix="apb-chromium-")
        port = free_port()
        self.log = open(os.path.join(self.profile, "chromium.log"), "w+b")
        self.process = subprocess.Popen(
            [
                chromium,
                *CHROME_FLAGS,
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.ws = None
        try:
            url = self._page_ws_url(port)
            self.ws = websocket.create_connection(
                url, timeout=timeout, suppress_origin=True
            )
        except (OSError, websocket.WebSocketException) as exc:
            self.close()
            raise ScreenError(f"cannot connect to Chromium: {exc}") from exc
        except BaseException:
            self.close()
            raise
        self._ids = itertools.count(1)
        self.inflight = {}  # requestId -> time the request started
        self.last_activity = time.monotonic()

    def _page_ws_url(self, port):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                targets = requests.get(
                    f"http://127.0.0.1:{port}/json/list", timeout=2
                ).json()
            except (requests.RequestException, ValueError):
                time.sleep(0.2)
                continue
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
            time.sleep(0.2)
        self.log.seek(0)
        output = self.log.read().decode(errors="replace")[-2000:]
        raise ScreenError(f"Chromium did not start its DevTools endpoint:\n{output}")

    def close(self):
        if self.ws:
            with contextlib.suppress(Exception):
                self.ws.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    # -- protocol --------------------------------------------------------
    def send(self, method, **params):
        message_id = next(self._ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            try:
                message = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException as exc:
                raise ScreenError(f"Chromium did not answer {method}") from exc
            if message.get("id") == message_id:
                if "error" in message:
                    raise ScreenError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            self._event(message.get("method"), message.get("params", {}))

    def _event(self, method, params):
        if method == "Network.requestWillBeSent":
            self.inflight[params["requestId"]] = time.monotonic()
            self.last_activity = time.monotonic()
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            self.inflight.pop(params["requestId"], None)
            self.last_activity = time.monotonic()

    def network_idle(self, quiet=0.5, stale=15):
        """No request in flight (ignoring any older than ``stale`` seconds, e.g.
        a long poll) and none finished in the last ``quiet`` seconds."""
        now = time.monotonic()
        busy = [t for t in self.inflight.values() if now - t < stale]
        return not busy and now - self.last_activity >= quiet

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get(
                "text"
            )
            raise ScreenError(f"JavaScript error: {text}")
        return result.get("result", {}).get("value")

    def setup(self, timezone):
        self.send("Page.enable")
        self.send("Network.enable")
        self.send("Runtime.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=self.width,
            height=self.height,
            deviceScaleFactor=1,
            mobile=False,
        )
        with contextlib.suppress(ScreenError):
            self.send("Emulation.setTimezoneOverride", timezoneId=timezone)
        self.send("Page.addScriptToEvaluateOnNewDocument", source=INJECT_STILL_CSS)

    # -- pages -----------------------------------------------------------
    def navigate(self, screen, url):
        with contextlib.suppress(ScreenError):
            self.evaluate("window.__apbStale = true")
        result = self.send("Page.navigate", url=url)
        if result.get("errorText"):
            raise ScreenError(f"{screen}: cannot open {url}: {result['errorText']}")

    def wait_for(self, screen, selector, text=None, settle=0.7):
        """Wait until ``selector`` (whose text contains ``text``) is on the page,
        nothing is loading and the network has been quiet for a while."""
        deadline = time.monotonic() + self.timeout
        call = f"({READY_JS})({json.dumps(selector)}, {json.dumps(text)})"
        state = "the page"
        ready_since = None
        while time.monotonic() < deadline:
            state = self.evaluate(call) or "the page"
            if state.startswith("ERROR "):
                raise ScreenError(f"{screen}: {state[6:]}")
            if state == "ready" and self.network_idle():
                ready_since = ready_since or time.monotonic()
                if time.monotonic() - ready_since >= settle:
                    return
            else:
                ready_since = None
            time.sleep(0.1)
        if state == "ready":
            state = "the network to be idle"
        url = self.evaluate("location.href")
        raise ScreenError(
            f"{screen}: timed out after {self.timeout}s waiting for {state} on {url}"
        )

    def wait_gone(self, screen, selector):
        """Wait until nothing matches ``selector`` any more (e.g. a closed dialog)."""
        deadline = time.monotonic() + self.timeout
        call = f"document.querySelector({json.dumps(selector)}) === null"
        while time.monotonic() < deadline:
            if self.evaluate(call):
                return
            time.sleep(0.1)
        raise ScreenError(
            f"{screen}: timed out after {self.timeout}s waiting for {selector} to go"
        )

    def click(self, screen, selector, text=None):
        """Click the first visible element matching ``selector`` (and ``text``),
        without scrolling it into view."""
        clicked = self.evaluate(
            f"""(() => {{
                const text = {json.dumps(text)};
                const el = [...document.querySelectorAll({json.dumps(selector)})].find(
                    (e) => e.offsetParent !== null && (!text || e.innerText.includes(text))
                );
                if (!el) return false;
                el.click();
                return true;
            }})()"""
        )
        if not clicked:
            raise ScreenError(f"{screen}: nothing to click at {selector} {text or ''}")

    def set_files(self, screen, selector, paths):
        root = self.send("DOM.getDocument", depth=0)["root"]["nodeId"]
        node = self.send("DOM.querySelector", nodeId=root, selector=selector)
        if not node.get("nodeId"):
            raise ScreenError(f"{screen}: no file input {selector}")
        self.send(
            "DOM.setFileInputFiles",
            nodeId=node["nodeId"],
            files=[str(path) for path in paths],
        )

    def blur(self):
        self.evaluate("document.activeElement && document.activeElement.blur()")

    def screenshot(self, path):
        self.blur()
        data = self.send(
            "Page.captureScreenshot", format="png", captureBeyondViewport=False
        )["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(base64.b64decode(data))
        tmp.replace(path)
        return path


# ---------------------------------------------------------------------------
# The import file and its batch
# ---------------------------------------------------------------------------
def retire_docs_batches(odoo):
    """Cancel (deleting their receipts) and archive the batches of this script."""
    batches = odoo.call(
        "account.payment.batch",
        "search_read",
        [("description", "=", MARKER), ("active", "in", [True, False])],
        fields=["state", "active"],
    )
    to_cancel = [b["id"] for b in batches if b["state"] in ("draft", "open")]
    if to_cancel:
        odoo.call("account.payment.batch", "action_cancel", to_cancel)
    to_archive = [b["id"] for b in batches if b["active"]]
    if to_archive:
        odoo.call("account.payment.batch", "write", to_archive, {"active": False})


def create_docs_batch(odoo):
    _model, type_id = odoo.ref(BATCH_TYPE)
    return odoo.call(
        "account.payment.batch",
        "create",
        {
            "batch_type_id": type_id,
            "reference": "Lockbox 4472",
            "description": MARKER,
        },
    )


def write_import_file(odoo, batch_id, directory):
    """A CSV of receipts for demo customers' open invoices, one row unreadable."""
    batch = odoo.call(
        "account.payment.batch",
        "read",
        [batch_id],
        ["journal_id", "company_id"],
    )[0]
    journal = odoo.call(
        "account.journal",
        "read",
        [batch["journal_id"][0]],
        ["inbound_payment_method_line_ids"],
    )[0]
    methods = odoo.call(
        "account.payment.method.line",
        "read",
        journal["inbound_payment_method_line_ids"][:1],
        ["name"],
    )
    method = methods[0]["name"] if methods else ""
    # Customers with receipts in an unposted batch are left out: their invoices
    # may already be planned by it.
    planned = odoo.call(
        "account.payment",
        "search_read",
        [("batch_id", "!=", False), ("state", "=", "draft")],
        fields=["partner_id"],
    )
    busy_partners = {p["partner_id"][0] for p in planned if p["partner_id"]}
    invoices = odoo.call(
        "account.move",
        "search_read",
        [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "=", "not_paid"),
            ("company_id", "=", batch["company_id"][0]),
            ("partner_id", "not in", sorted(busy_partners)),
        ],
        fields=["name", "partner_id", "amount_residual"],
        order="name",
    )
    chosen, partners = [], set()
    for invoice in invoices:
        if invoice["partner_id"][0] not in partners:
            chosen.append(invoice)
            partners.add(invoice["partner_id"][0])
        if len(chosen) == 3:
            break
    if not chosen:
        raise ScreenError("import-result: no open customer invoice in the demo data")
    today = datetime.date.today().isoformat()
    header = [
        "Receipt Date",
        "Payment Method",
        "Receipt Reference",
        "Receipt Amount",
        "Payer / Bill To Party Name",
        "Invoice Number",
    ]
    rows = []
    for number, invoice in enumerate(chosen):
        rows.append(
            [
                today,
                method,
                f"CHQ {20417 + number}",
                f"{invoice['amount_residual']:.2f}",
                invoice["partner_id"][1],
                # The last one is matched by payer and amount, not by number.
                invoice["name"] if number < len(chosen) - 1 else "",
            ]
        )
    rows.insert(
        len(rows) - 1,
        [today, method, "CHQ 20450", "12,5x", chosen[0]["partner_id"][1], ""],
    )
    path = Path(directory) / "lockbox-4472.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# ---------------------------------------------------------------------------
# The screens
# ---------------------------------------------------------------------------
def open_deposits(odoo, batch_id):
    return odoo.call(
        "account.payment.batch.deposit",
        "search_count",
        [("batch_id", "=", batch_id), ("state", "!=", "cancel")],
    )


def take_deposit_screenshot(odoo, browser, out, action):
    """The closed demo batch behind its Prepare Deposit dialog, not confirmed."""
    screen = "batch-deposit"
    _model, batch_id = odoo.ref(CLOSED_BATCH)
    batch = odoo.call(
        "account.payment.batch",
        "read",
        [batch_id],
        ["name", "state", "bankable_amount"],
    )
    if not batch or batch[0]["state"] != "closed":
        raise ScreenError(
            f"{screen}: the demo batch {CLOSED_BATCH} is not closed; "
            "recreate the demo database (dropdb apb_demo; make docs)"
        )
    batch = batch[0]
    if not batch["bankable_amount"]:
        raise ScreenError(
            f"{screen}: the demo batch {CLOSED_BATCH} ({batch['name']}) has no "
            "bankable receipt: the dialog would be empty"
        )
    deposits = open_deposits(odoo, batch_id)
    if deposits:
        raise ScreenError(
            f"{screen}: the demo batch {CLOSED_BATCH} ({batch['name']}) is already "
            "deposited; recreate the demo database (dropdb apb_demo; make docs)"
        )
    browser.navigate(screen, f"{action}/{batch_id}")
    browser.wait_for(screen, ".o_form_view .o_breadcrumb", batch["name"])
    browser.wait_for(screen, ".o_form_view div[name=bankable_amount]")
    browser.click(screen, ".o_form_view button[name=action_open_deposit_wizard]")
    browser.wait_for(screen, ".modal .modal-title", "Prepare Deposit")
    browser.wait_for(screen, ".modal div[name=payment_ids] .o_data_row")
    browser.wait_for(screen, ".modal div[name=journal_id] input")
    written = browser.screenshot(out / f"{screen}.png")
    # Discard: the demo database keeps its batch not deposited.
    browser.click(screen, ".modal .modal-footer button", "Discard")
    browser.wait_gone(screen, ".modal")
    if open_deposits(odoo, batch_id) != deposits:
        raise ScreenError(f"{screen}: a deposit was created for {batch['name']}")
    return written


def report_page(odoo, report, xmlid, path, resolution=60):
    """The first page of a PDF report of the record ``xmlid``, as a PNG.

    The PDF comes from Odoo's report route with the logged-in session, the
    picture from poppler's pdftoppm.
    """
    _model, record_id = odoo.ref(xmlid)
    url = f"{odoo.url}/report/pdf/{report}/{record_id}"
    try:
        response = odoo.http.get(url, timeout=180)
        response.raise_for_status()
    except requests.RequestException as exc:
        raise ScreenError(f"{path.stem}: downloading {url}: {exc}") from exc
    if not response.content.startswith(b"%PDF"):
        raise ScreenError(f"{path.stem}: {url} did not answer with a PDF")
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        raise ScreenError(f"{path.stem}: pdftoppm (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory(prefix="apb-docs-") as tmp:
        pdf = Path(tmp) / "report.pdf"
        pdf.write_bytes(response.content)
        subprocess.run(
            [
                pdftoppm,
                "-png",
                "-r",
                str(resolution),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(Path(tmp) / "page"),
            ],
            check=True,
            timeout=120,
        )
        shutil.copyfile(Path(tmp) / "page.png", path)
    return path


def take_screenshots(odoo, browser, out):
    written = []
    odoo.ref(ACTION)
    odoo.ref(MENU)
    action = f"{odoo.url}/odoo/action-{ACTION}"

    screen = "batches-kanban"
    browser.navigate(screen, action)
    browser.wait_for(screen, ".o_kanban_view .o_kanban_group .o_kanban_record")
    browser.wait_for(screen, ".o_main_navbar .o_menu_brand")
    written.append(browser.screenshot(out / f"{screen}.png"))

    _model, batch_id = odoo.ref(OPEN_BATCH)
    batch = odoo.call("account.payment.batch", "read", [batch_id], ["name", "state"])
    if not batch or batch[0]["state"] != "open":
        raise ScreenError(
            f"batch-form: the demo batch {OPEN_BATCH} is not open any more; "
            "recreate the demo database (dropdb apb_demo; make docs)"
        )
    screen = "batch-form"
    browser.navigate(screen, f"{action}/{batch_id}")
    browser.wait_for(screen, ".o_form_view .o_breadcrumb", batch[0]["name"])
    browser.wait_for(screen, ".o_form_view div[name=line_ids] .o_data_row")
    written.append(browser.screenshot(out / f"{screen}.png"))

    screen = "batch-receipts"
    browser.click(screen, ".o_form_view .o_notebook .nav-link", "Receipts")
    browser.wait_for(screen, ".o_notebook .nav-link.active", "Receipts")
    browser.wait_for(screen, ".o_form_view div[name=payment_ids] .o_data_row")
    # The receipts sit below the totals: bring the tab to the top of the page.
    browser.evaluate(
        "document.querySelector('.o_form_view .o_notebook').scrollIntoView()"
    )
    time.sleep(0.3)
    written.append(browser.screenshot(out / f"{screen}.png"))

    screen = "account-balance-receipt"
    _model, receipt_id = odoo.ref(f"{MODULE}.demo_receipt_account_balance")
    browser.navigate(screen, f"{odoo.url}/odoo/account.payment/{receipt_id}")
    browser.wait_for(
        screen, ".o_form_view div[name=batch_balance_pair_ids] .o_data_row"
    )
    written.append(browser.screenshot(out / f"{screen}.png"))

    written.append(take_deposit_screenshot(odoo, browser, out, action))
    written.append(
        report_page(
            odoo,
            "account_payment_batch.report_payment_batch",
            CLOSED_BATCH,
            out / "batch-report.png",
        )
    )
    written.append(
        report_page(
            odoo,
            "account_payment_batch.report_deposit_slip",
            f"{MODULE}.demo_deposit",
            out / "deposit-slip.png",
        )
    )

    written += take_card_charge_screenshots(odoo, browser, out)

    screen = "import-result"
    retire_docs_batches(odoo)
    docs_batch_id = create_docs_batch(odoo)
    try:
        with tempfile.TemporaryDirectory(prefix="apb-docs-") as tmp:
            csv_path = write_import_file(odoo, docs_batch_id, tmp)
            browser.navigate(screen, f"{action}/{docs_batch_id}")
            browser.wait_for(screen, "button[name=action_open_import_wizard]")
            browser.click(screen, "button[name=action_open_import_wizard]")
            browser.wait_for(screen, ".modal div[name=file] input[type=file]")
            browser.set_files(
                screen, ".modal div[name=file] input[type=file]", [csv_path]
            )
            # A chosen file shows its name and a button to clear it.
            browser.wait_for(screen, ".modal div[name=file] .o_clear_file_button")
            browser.click(screen, ".modal button[name=action_import]")
            browser.wait_for(screen, ".modal button[name=action_view_receipts]")
            browser.wait_for(screen, ".modal div[name=total_rows]")
            written.append(browser.screenshot(out / f"{screen}.png"))
    finally:
        try:
            retire_docs_batches(odoo)
        except ScreenError as exc:
            print(
                f"screenshots: warning: batch {docs_batch_id}: {exc}", file=sys.stderr
            )
    return written


def take_card_charge_screenshots(odoo, browser, out):
    """The card charge history, the wizard's three steps, and a charged batch."""
    written = []
    history = f"{odoo.url}/odoo/action-{MODULE}.action_account_payment_batch_card_charge_history"
    screen = "card-charge-history"
    browser.navigate(screen, history)
    browser.wait_for(screen, ".o_list_view .o_data_row")
    written.append(browser.screenshot(out / f"{screen}.png"))

    screen = "card-charge-create"
    browser.click(
        screen, ".o_control_panel button, .o_list_view button", "Charge Cards"
    )
    browser.wait_for(screen, ".modal div[name=payment_method_line_id] input")
    written.append(browser.screenshot(out / f"{screen}.png"))

    screen = "card-charge-select"
    browser.click(screen, ".modal button[name=action_next]")
    browser.wait_for(screen, ".modal div[name=eligible_line_ids] .o_data_row")
    browser.wait_for(screen, ".modal div[name=ineligible_line_ids] .o_data_row")
    written.append(browser.screenshot(out / f"{screen}.png"))

    screen = "card-charge-confirm"
    browser.click(screen, ".modal button[name=action_confirm]")
    browser.wait_for(screen, ".modal div[name=amount_total]")
    written.append(browser.screenshot(out / f"{screen}.png"))
    browser.click(screen, ".modal .modal-footer button", "Discard")
    browser.wait_gone(screen, ".modal")

    screen = "card-charge-batch"
    batches = odoo.call(
        "account.payment.batch",
        "search_read",
        [("batch_type_id.kind", "=", "card_charge"), ("charge_failed_count", ">", 0)],
        fields=["name"],
        limit=1,
        order="id",
    )
    if not batches:
        raise ScreenError(
            f"{screen}: no card charge batch with a failed charge; "
            "tools/demo_card_charges.py makes one"
        )
    browser.navigate(screen, f"{history}/{batches[0]['id']}")
    browser.wait_for(screen, ".o_form_view .o_breadcrumb", batches[0]["name"])
    browser.click(screen, ".o_form_view .o_notebook .nav-link", "Receipts")
    browser.wait_for(screen, ".o_form_view div[name=payment_ids] .o_data_row")
    browser.evaluate(
        "document.querySelector('.o_form_view div[name=payment_ids]')"
        ".scrollIntoView({block: 'center'})"
    )
    time.sleep(0.5)
    written.append(browser.screenshot(out / f"{screen}.png"))
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="Odoo, e.g. http://127.0.0.1:8069")
    parser.add_argument("--db", required=True, help="database with the demo data")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", default=str(REPO / "docs"), help="output folder")
    parser.add_argument("--chromium", help="Chromium binary (default: on PATH)")
    parser.add_argument("--width", type=int, default=1900)
    parser.add_argument("--height", type=int, default=950)
    parser.add_argument(
        "--timeout", type=float, default=90, help="seconds to wait for each screen"
    )
    args = parser.parse_args()
    chromium = find_chromium(args.chromium)
    out = Path(args.out)

    browser = None
    try:
        odoo = Odoo(args.url, args.db, args.login, args.password)
        timezone = odoo.call("res.users", "read", [odoo.uid], ["tz"])[0]["tz"]
        browser = Browser(chromium, args.width, args.height, args.timeout)
        browser.setup(timezone or "UTC")
        browser.send(
            "Network.setCookie",
            name="session_id",
            value=odoo.session_id,
            url=odoo.url,
            httpOnly=True,
        )
        written = take_screenshots(odoo, browser, out)
    except ScreenError as exc:
        sys.exit(f"screenshots: {exc}")
    finally:
        if browser:
            browser.close()
    for path in written:
        with contextlib.suppress(ValueError):
            path = path.resolve().relative_to(Path.cwd())
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
