"""A skipped test fails the run unless its reason is on the allow-list in tests/conftest.py,
and a test marked with the tools it runs fails, rather than skips, when one is missing."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_only_allowed_skips_pass_and_a_missing_tool_fails(pytester):
    pytester.makeconftest((HERE / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(tools=(HERE / "tools.py").read_text(encoding="utf-8"))
    pytester.makepyfile(
        test_cases="""
        import sys

        import pytest

        from tools import tools

        @pytest.mark.skipif(True, reason="ffmpeg is not installed")
        def test_skipped_for_a_tool():
            pass

        def test_skipped_inside():
            pytest.skip("the demo library has not been generated yet")

        @pytest.mark.skip(reason="Windows only: the DLL path")
        def test_windows_only():
            pass

        @tools("no-such-tool-anywhere")
        def test_needs_a_missing_tool():
            pass

        @tools(sys.executable)
        def test_has_its_tool():
            pass

        @pytest.mark.xfail(reason="a known bug, tracked")
        def test_expected_to_fail():
            assert False
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1, skipped=1, failed=1, errors=2, xfailed=1)
    out = result.stdout.str()
    assert "not on SKIPS_ALLOWED" in out
    assert "no-such-tool-anywhere not installed: `scripts/setup.sh test`" in out
    assert result.ret != 0
