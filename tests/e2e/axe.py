"""The accessibility scan every browser test can call: axe-core (the npm
package in ui/node_modules, installed by `make ui`) injected into the page
through Playwright, run over the whole document as it is now, and an
assertion that it found no serious or critical violation.

``as_user`` (conftest.py) scans every page a test leaves open at its end;
tests call ``assert_accessible(page, "what")`` at the states worth a look
(an open dialog, a tab, 375 px).
"""

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "ui" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def scan(page):
    """axe's violations of the page as it is now, as axe reports them."""
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} is missing: `make ui` installs axe-core with the portal's packages")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, { resultTypes: ['violations'] });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary),
            }));
        }"""
    )


def blocking(violations):
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(violations):
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations
    )


def assert_accessible(page, what):
    found = blocking(scan(page))
    assert not found, f"axe found serious/critical violations on {what}:\n{describe(found)}"
