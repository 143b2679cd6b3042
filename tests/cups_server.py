"""A real CUPS for the printing tests: a private ``cupsd`` (its own ServerRoot,
spool, cache and logs in a temporary folder, listening on a unix socket there),
started once per test process (~0.5 s; each xdist worker has its own), with two
cups-pdf queues: an A4 one (Debian's CUPS-PDF PPD) and an 80 mm roll (a PPD made
here, written like Debian's: 80 × 200/297 mm sizes and custom lengths of 48–80 mm
width). cups-pdf reads ``/etc/cups/cups-pdf-<suffix>.conf`` for a queue whose
device URI is ``cups-pdf:/<suffix>`` (the path is compiled in; the backend takes no
other config location), so the fixture writes one such file per queue, named with
this process's id, with ``Out`` in the temporary folder, and removes it afterwards.

``cups_server`` (function scope) points this process at the daemon for one test:
``CUPS_SERVER`` for libcups — and so for Qt's CUPS print plugin, which lists the
queues through libcups — and ``cupsSetServer`` for the main thread (libcups keeps
the server it found at first use per thread); afterwards back to the machine's,
queues enabled and accepting again, leftover jobs cancelled. It is function scoped
on purpose: a window built in another test must not find printers and open a
modal preview.

Needs root (cupsd runs the cups-pdf backend as root; CI runs as root). setup
(tools/setup.sh) installs cups-daemon, cups-client, cups-filters and
printer-driver-cups-pdf; a missing one fails the fixture, it never skips."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")


def _points(mm: float) -> int:
    return round(mm / 25.4 * 72)


def roll_ppd() -> str:
    """An 80 mm receipt printer's PPD on the cups-pdf backend: PostScript like
    Debian's CUPS-PDF PPD, fixed 80 mm sizes and custom lengths."""
    sizes = {"X80MMY200": 200, "X80MMY297": 297}
    w = _points(80)
    lines = ['*PPD-Adobe: "4.3"', '*FormatVersion: "4.3"', '*FileVersion: "1.0"',
             "*LanguageVersion: English", "*LanguageEncoding: ISOLatin1",
             '*PCFileName: "ROLL80.PPD"', '*Manufacturer: "Generic"', '*Product: "(Roll80)"',
             '*ModelName: "Generic 80mm Roll (cups-pdf)"',
             '*ShortNickName: "Generic 80mm Roll"', '*NickName: "Generic 80mm Roll (cups-pdf)"',
             '*PSVersion: "(3010.000) 0"', '*LanguageLevel: "3"', "*ColorDevice: False",
             "*DefaultColorSpace: Gray", "*FileSystem: False", "*TTRasterizer: Type42",
             "*HWMargins: 0 0 0 0", "*VariablePaperSize: True",
             f"*MaxMediaWidth: {w}", "*MaxMediaHeight: 9276",
             "*NonUIOrderDependency: 100 AnySetup *CustomPageSize",
             '*CustomPageSize True: "pop pop pop <</PageSize [ 5 -2 roll ] '
             '/ImagingBBox null>>setpagedevice"', "*End",
             f"*ParamCustomPageSize Width: 1 points {_points(48)} {w}",
             "*ParamCustomPageSize Height: 2 points 72 9276",
             "*ParamCustomPageSize Orientation: 3 int 0 0",
             "*ParamCustomPageSize WidthOffset: 4 points 0 0",
             "*ParamCustomPageSize HeightOffset: 5 points 0 0",
             "*OpenUI *PageSize/Page Size: PickOne", "*OrderDependency: 100 AnySetup *PageSize",
             "*DefaultPageSize: X80MMY297"]
    for key, h in sizes.items():
        lines.append(f'*PageSize {key}/80 x {h}mm: "<</PageSize[{w} {_points(h)}]'
                     '/ImagingBBox null>>setpagedevice"')
    lines += ["*CloseUI: *PageSize", "*OpenUI *PageRegion: PickOne",
              "*OrderDependency: 100 AnySetup *PageRegion", "*DefaultPageRegion: X80MMY297"]
    for key, h in sizes.items():
        lines.append(f'*PageRegion {key}/80 x {h}mm: "<</PageSize[{w} {_points(h)}]'
                     '/ImagingBBox null>>setpagedevice"')
    lines += ["*CloseUI: *PageRegion", "*DefaultImageableArea: X80MMY297"]
    lines += [f'*ImageableArea {key}/80 x {h}mm: "0 0 {w} {_points(h)}"'
              for key, h in sizes.items()]
    lines.append("*DefaultPaperDimension: X80MMY297")
    lines += [f'*PaperDimension {key}/80 x {h}mm: "{w} {_points(h)}"'
              for key, h in sizes.items()]
    lines += ["*DefaultFont: Courier", '*Font Courier: Standard "(002.004S)" Standard ROM', ""]
    return "\n".join(lines)


@dataclass
class CupsDaemon:
    root: Path
    socket: Path
    a4: str                  # the A4 queue
    roll: str                # the 80 mm queue
    process: subprocess.Popen[bytes]
    configs: list[Path]

    @property
    def env(self) -> dict[str, str]:
        return dict(os.environ, CUPS_SERVER=str(self.socket), LC_ALL="C")

    def out_dir(self, queue: str) -> Path:
        return self.root / "out" / queue

    def run(self, *command: str) -> str:
        return subprocess.run(command, env=self.env, capture_output=True, text=True,
                              check=True, timeout=30).stdout

    def pdf_of_job(self, queue: str, job_id: int, timeout: float = 30) -> Path:
        """The PDF cups-pdf wrote for the job (its name ends in job_<id>.pdf)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = sorted(self.out_dir(queue).glob(f"*job_{job_id}.pdf"))
            if found and found[0].stat().st_size > 0:
                return found[0]
            time.sleep(0.05)
        log = (self.root / "log" / "error_log").read_text(errors="replace")[-3000:]
        raise AssertionError(f"no PDF for job {job_id} on {queue}; cupsd log:\n{log}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        for config in self.configs:
            config.unlink(missing_ok=True)
        if not os.environ.get("WC_KEEP_CUPS"):
            shutil.rmtree(self.root, ignore_errors=True)


def _require(path: str | Path, package: str) -> str:
    found = shutil.which(str(path)) if not Path(path).is_absolute() else (
        str(path) if Path(path).exists() else None)
    if found is None:
        pytest.fail(f"{path} is missing: install Debian's {package} (tools/setup.sh does)")
    return found


def start_cupsd() -> CupsDaemon:
    cupsd = _require("cupsd", "cups-daemon")
    _require("lpadmin", "cups-client")
    _require("/usr/lib/cups/filter/pdftopdf", "cups-filters")
    _require(CUPS_PDF_BACKEND, "printer-driver-cups-pdf")
    _require(CUPS_PDF_PPD, "printer-driver-cups-pdf")
    _require("gs", "ghostscript")
    root = Path(tempfile.mkdtemp(prefix="wc-cups-"))
    root.chmod(0o755)   # the filters run as lp
    for sub in ("conf", "spool", "cache", "state", "log", "tmp", "out"):
        (root / sub).mkdir(mode=0o755)
    (root / "tmp").chmod(0o1777)
    socket = root / "cups.sock"
    log = root / "log"
    (root / "conf" / "cupsd.conf").write_text(f"""Listen {socket}
LogLevel info
Browsing No
WebInterface No
DefaultAuthType None
MaxJobs 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
    (root / "conf" / "cups-files.conf").write_text(f"""ServerRoot {root / 'conf'}
RequestRoot {root / 'spool'}
CacheDir {root / 'cache'}
StateDir {root / 'state'}
TempDir {root / 'tmp'}
ServerBin /usr/lib/cups
DataDir /usr/share/cups
ErrorLog {log / 'error_log'}
AccessLog {log / 'access_log'}
PageLog {log / 'page_log'}
SystemGroup root
""")
    process = subprocess.Popen([cupsd, "-f", "-c", str(root / "conf" / "cupsd.conf"),
                                "-s", str(root / "conf" / "cups-files.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tag = f"{os.getpid()}"
    daemon = CupsDaemon(root, socket, f"wc_a4_{tag}", f"wc_roll80_{tag}", process, [])
    deadline = time.monotonic() + 15
    while True:
        if process.poll() is not None:
            raise AssertionError("cupsd exited: "
                                 + (log / "error_log").read_text(errors="replace")[-2000:])
        if socket.exists() and subprocess.run(["lpstat", "-r"], env=daemon.env,
                                              capture_output=True).returncode == 0:
            break
        if time.monotonic() > deadline:
            daemon.stop()
            raise AssertionError("cupsd did not answer within 15 s")
        time.sleep(0.05)
    ppd = root / "roll80.ppd"
    ppd.write_text(roll_ppd())
    for queue, model in ((daemon.a4, CUPS_PDF_PPD), (daemon.roll, ppd)):
        config = Path("/etc/cups") / f"cups-pdf-{queue}.conf"
        # Label 2: the file name ends in job_<id>, so a test finds its job's PDF
        config.write_text(f"Out {daemon.out_dir(queue)}\nAnonDirName {daemon.out_dir(queue)}\n"
                          f"Spool {root / 'cups-pdf-spool'}\nLog {log}\nLabel 2\nGrp root\n")
        daemon.configs.append(config)
        subprocess.run(["lpadmin", "-p", queue, "-E", "-v", f"cups-pdf:/{queue}", "-P", str(model)],
                       env=daemon.env, capture_output=True, check=True, timeout=30)
    return daemon


@pytest.fixture(scope="session")
def _cups_daemon() -> Iterator[CupsDaemon]:
    if os.geteuid() != 0:
        pytest.skip("a private cupsd with the cups-pdf backend needs root (CI runs as root)")
    daemon = start_cupsd()
    yield daemon
    daemon.stop()


@pytest.fixture
def cups_server(_cups_daemon: CupsDaemon, monkeypatch) -> Iterator[CupsDaemon]:
    from window_client.devices import cups
    daemon = _cups_daemon
    monkeypatch.setenv("CUPS_SERVER", str(daemon.socket))
    cups.use_server(str(daemon.socket))
    yield daemon
    for queue in (daemon.a4, daemon.roll):
        subprocess.run(["cancel", "-a", queue], env=daemon.env, capture_output=True)
        subprocess.run(["cupsenable", queue], env=daemon.env, capture_output=True)
        subprocess.run(["cupsaccept", queue], env=daemon.env, capture_output=True)
    monkeypatch.delenv("CUPS_SERVER")
    cups.use_server(None)
