"""Session fixtures for the Python tests of the SPARQL endpoint.

The tests drive the real `diplograph` binary: they build a store from the sample corpus
into a temporary directory, export it once (a running server holds the store open), then
start `diplograph serve` on a free loopback port and talk to it over HTTP.

Environment:
  DIPLOGRAPH_BIN   the binary (default: ${CARGO_TARGET_DIR:-~/.cache/diplograph/target}/release/diplograph)
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "data" / "corpus"
ONTOLOGY = REPO / "ontology"
NOTEBOOK = REPO / "examples" / "notebook.ipynb"

HOST = "127.0.0.1"  # never bind anything but loopback
STARTUP_SECONDS = 30
COMMAND_TIMEOUT = 600  # build/export of the small corpus take seconds; a hang is a failure

# IRIs the tests look for.
DG = "https://w3id.org/diplograph/ontology#"
DGR = "https://w3id.org/diplograph/id/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
PROV = "http://www.w3.org/ns/prov#"
RUS = DGR + "state/RUS"
USA = DGR + "state/USA"
IDLIB = DGR + "place/idlib"
SOCHI_2018 = DGR + "agreement/sochi-memorandum-2018"
MOSCOW_2020 = DGR + "agreement/moscow-protocol-2020"
KERRY = DGR + "person/john-kerry"

PREFIXES = f"""PREFIX dg: <{DG}>
PREFIX dgr: <{DGR}>
PREFIX nif: <{NIF}>
PREFIX prov: <{PROV}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def default_binary() -> Path:
    target = os.environ.get("CARGO_TARGET_DIR") or str(Path.home() / ".cache/diplograph/target")
    return Path(target) / "release" / "diplograph"


def run(cmd: list[str], what: str, timeout: float = COMMAND_TIMEOUT) -> subprocess.CompletedProcess:
    """Runs a diplograph command from the repository root; fails the test with its output."""
    try:
        proc = subprocess.run(
            [str(c) for c in cmd], cwd=REPO, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as err:
        pytest.fail(f"{what}: `{' '.join(map(str, cmd))}` did not finish in {timeout} s\n{err.stderr or ''}")
    if proc.returncode != 0:
        pytest.fail(
            f"{what}: `{' '.join(map(str, cmd))}` exited with {proc.returncode}\n"
            f"--- stderr ---\n{proc.stderr[-4000:]}\n--- stdout ---\n{proc.stdout[-2000:]}"
        )
    return proc


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """One running `diplograph serve` process."""

    proc: subprocess.Popen
    port: int
    store: Path
    stderr_lines: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def endpoint(self) -> str:
        return f"{self.base}/sparql"

    def stderr(self) -> str:
        return "".join(self.stderr_lines)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_server(binary: Path, store: Path, extra: list[str] | None = None) -> Server:
    """Starts `diplograph serve` on a free loopback port and waits until it accepts requests:
    the "listening on http://127.0.0.1:PORT/sparql" line on stderr, or a TCP connection."""
    port = free_port()
    cmd = [str(binary), "serve", "--store", str(store), "--bind", f"{HOST}:{port}", *(extra or [])]
    proc = subprocess.Popen(
        cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
    )
    server = Server(proc=proc, port=port, store=store)
    listening = threading.Event()

    def drain() -> None:  # keeps reading so the pipe never fills up
        assert proc.stderr is not None
        for line in proc.stderr:
            server.stderr_lines.append(line)
            if f"listening on http://{HOST}:{port}/sparql" in line:
                listening.set()

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if listening.wait(0.2):
            return server
        if proc.poll() is not None:
            time.sleep(0.2)  # let the drain thread collect the last lines
            pytest.fail(
                f"`{' '.join(cmd)}` exited with {proc.returncode} before listening\n{server.stderr()}"
            )
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return server
        except OSError:
            pass
    server.stop()
    pytest.fail(f"`{' '.join(cmd)}` was not listening after {STARTUP_SECONDS} s\n{server.stderr()}")


@pytest.fixture(scope="session")
def diplograph_bin() -> Path:
    binary = Path(os.environ.get("DIPLOGRAPH_BIN") or default_binary()).expanduser()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.fail(
            f"diplograph binary not found at {binary}: build it with "
            "`cd /work/main && . scripts/env && cargo build --release` or set DIPLOGRAPH_BIN",
            pytrace=False,
        )
    probe = subprocess.run([str(binary), "serve", "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.fail(
            f"{binary} has no working `serve` command (rebuild it?):\n{probe.stderr[-2000:]}",
            pytrace=False,
        )
    return binary


@pytest.fixture(scope="session")
def corpus_store(diplograph_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the sample corpus (data/corpus, with its manifest.csv)."""
    store = tmp_path_factory.mktemp("corpus-store") / "store"
    run([diplograph_bin, "build", CORPUS, "--store", store], "building the corpus store")
    return store


@dataclass
class Export:
    path: Path | None
    error: str | None


@pytest.fixture(scope="session")
def corpus_turtle(diplograph_bin: Path, corpus_store: Path, tmp_path_factory) -> Export:
    """The corpus store exported as Turtle (union of all graphs). Taken before the server
    starts, since a running server holds the store open; an export failure is recorded here
    and reported by the test that needs it, not by every endpoint test."""
    out = tmp_path_factory.mktemp("export") / "corpus.ttl"
    cmd = [str(diplograph_bin), "export", "--store", str(corpus_store), "--format", "turtle", "-o", str(out)]
    try:
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        return Export(None, f"`{' '.join(cmd)}` did not finish in {COMMAND_TIMEOUT} s")
    if proc.returncode != 0:
        return Export(None, f"`{' '.join(cmd)}` exited with {proc.returncode}\n{proc.stderr[-4000:]}")
    if not out.is_file() or out.stat().st_size == 0:
        return Export(None, f"`{' '.join(cmd)}` wrote nothing to {out}")
    return Export(out, None)


@pytest.fixture(scope="session")
def server(diplograph_bin: Path, corpus_store: Path, corpus_turtle: Export):
    """`diplograph serve` on the corpus store, for the whole session."""
    srv = start_server(diplograph_bin, corpus_store)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def endpoint(server: Server) -> str:
    return server.endpoint


@pytest.fixture(scope="session")
def small_store(diplograph_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second store (one document) for a second server: a store opens in one process only."""
    store = tmp_path_factory.mktemp("small-store") / "store"
    run(
        [diplograph_bin, "build", CORPUS / "004_c9f0a2cf9aed5e51.txt", "--store", store],
        "building the one-document store",
    )
    return store


@pytest.fixture(scope="session")
def timeout_server(diplograph_bin: Path, small_store: Path):
    """`diplograph serve --timeout 1` on the one-document store."""
    srv = start_server(diplograph_bin, small_store, ["--timeout", "1"])
    yield srv
    srv.stop()
