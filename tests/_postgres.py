"""A PostgreSQL server of the test run's own, for the PostgreSQL store's tests: started from Debian's
`postgresql` binaries in a temporary folder, on a Unix socket only, and stopped at the end. Without the
binaries the tests skip, unless NEWSLOOM_POSTGRES_TESTS=required (CI), where they fail."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    found = shutil.which("initdb") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)),
                                           None)
    return Path(found).parent if found else None


class Server:
    """A throwaway cluster: `database()` gives the URL of a new, empty database in it."""

    def __init__(self) -> None:
        bin_dir = _binaries()
        if bin_dir is None:
            message = "PostgreSQL's server programs (Debian package postgresql) are not installed"
            if os.environ.get("NEWSLOOM_POSTGRES_TESTS") == "required":
                pytest.fail(message)
            pytest.skip(message)
        self.dir = Path(tempfile.mkdtemp(prefix="newsloom-pg-"))
        # the server refuses to run as root: then it runs as the postgres user
        self._as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        self.dir.chmod(0o755)
        data = self.dir / "data"
        self._ctl = [*self._as, str(bin_dir / "pg_ctl"), "-D", str(data)]
        subprocess.run([*self._as, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
        self._options = (f"-c listen_addresses='' -c unix_socket_directories={self.dir} -c fsync=off"
                         " -c max_connections=200")
        self.start()
        self._names = itertools.count(1)

    def start(self) -> None:
        subprocess.run([*self._ctl, "-l", str(self.dir / "log"), "-o", self._options, "-w", "start"], check=True,
                       capture_output=True)

    def pause(self) -> None:
        """Stop the server, as a restart or an outage would (`start` starts it again)."""
        subprocess.run([*self._ctl, "-m", "fast", "-w", "stop"], check=True, capture_output=True)

    def url(self, database: str) -> str:
        return f"postgresql:///{database}?host={self.dir}&user=postgres"

    def database(self) -> str:
        import psycopg

        name = f"t{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        subprocess.run([*self._ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)
