"""Power cut mid-save: a child adds entries in a loop and is killed with SIGKILL at random
moments; every entry whose save was acknowledged must be there and the file must be sound."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap

import pytest

from app.models import store
from app.services.journal import JournalService
from app.services.profiles import ProfileService

PASS = "plum kettle orbit 7 window"

CHILD = textwrap.dedent(
    """
    import sys
    from app.models import crypto
    crypto.POLICY = crypto.FLOOR = crypto.KdfParams(t=1, m_kib=64, p=1)  # test speed only
    from app.config import Paths
    from app.services.journal import JournalService
    from app.services.profiles import ProfileService

    paths = Paths.resolve(sys.argv[1]).ensure()
    service = ProfileService(paths)
    journal = JournalService(paths, service.unlock(sys.argv[2], sys.argv[3]))
    n = 0
    while True:
        n += 1
        entry = journal.add({"kind": "free", "title": f"entry {n}",
                             "answers": {"q": "words " * (n % 400)}}, "final")
        if n % 5 == 0:
            journal.update(entry.id, {"kind": "free", "title": f"entry {n} edited"}, "final")
        # acknowledged only after the commit returned
        sys.stdout.write(entry.id + "\\n")
        sys.stdout.flush()
    """
)


@pytest.mark.slow
def test_sigkill_never_loses_acknowledged_entries(paths, fast_kdf):
    service = ProfileService(paths)
    info, _ = service.create("Crash", "teacher", "", PASS)
    rng = random.Random(20240611)
    acknowledged: list[str] = []
    for _round in range(40):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(paths.data_dir), info.id, PASS],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        )
        wanted = rng.randint(1, 40)
        got = 0
        while got < wanted:
            line = child.stdout.readline()
            if not line:
                break
            acknowledged.append(line.strip())
            got += 1
        os.kill(child.pid, signal.SIGKILL)
        rest, err = child.communicate(timeout=30)
        assert got == wanted, err
        # lines that made it out before the kill were acknowledged too
        acknowledged.extend(x for x in rest.splitlines() if len(x) == 36)
    db = store.open_db(paths.database)
    assert store.integrity_problems(db) == []
    db.close()
    journal = JournalService(paths, service.unlock(info.id, PASS))
    entries = {e.id: e for e in journal.list_entries()}
    missing = [i for i in acknowledged if i not in entries]
    assert not missing, f"{len(missing)} acknowledged entries lost"
    assert not any(e.damaged for e in entries.values())
    assert len(acknowledged) >= 25
    journal.close()
