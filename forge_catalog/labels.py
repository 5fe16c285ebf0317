"""Question labels beside variable names (issue 10 item 3).

The core names answers by path (``extra_vars.hostname``,
``node_survey_data.deploy.version``); people know them by the question the
dialog asked ("Host name"). This module reads the labels from the templates'
current survey specs (through the host adapter) and puts them beside the
variables: in a request's ``answers`` display list and in field errors. It
decides nothing and leaves the core's error structures as they are: it adds
a ``label`` key and names the label in the message a person reads.
"""

from forge_catalog.hosts import get_host
from forge_catalog.secrets import ENCRYPTED


def spec_labels(spec):
    """{variable: label} of a survey spec, in spec order; a question without
    a name is labelled by its variable."""
    questions = spec.get("spec") if isinstance(spec, dict) else None
    out = {}
    for q in questions if isinstance(questions, list) else ():
        if not isinstance(q, dict) or not isinstance(q.get("variable"), str):
            continue
        name = q.get("question_name")
        out.setdefault(
            q["variable"], name.strip() if isinstance(name, str) and name.strip() else q["variable"]
        )
    return out


def template_labels(template):
    if template is None:
        return {}
    spec, _, _ = get_host().template_survey(template)
    return spec_labels(spec)


class ItemLabels:
    """The labels of one item's surveys: the template's, and each workflow
    node's by identifier (read lazily, once)."""

    def __init__(self, item):
        self.item = item
        self.template = template_labels(item.underlying_template if item is not None else None)
        self._nodes = None

    @property
    def nodes(self):
        if self._nodes is None:
            self._nodes = {}
            if self.item is not None and self.item.is_workflow:
                for _, identifier, jt in get_host().workflow_nodes(self.item.workflow_job_template):
                    self._nodes[identifier] = template_labels(jt)
        return self._nodes

    def of(self, variable, node=None):
        labels = self.template if node is None else self.nodes.get(node, {})
        return labels.get(variable, variable)

    def locate(self, path):
        """(node or None, variable) a core path names, or None."""
        if not isinstance(path, str):
            return None
        if path.startswith("extra_vars."):
            return None, path[len("extra_vars.") :]
        if path.startswith("node_survey_data."):
            rest = path[len("node_survey_data.") :]
            # Identifiers may hold dots: the longest known identifier wins.
            known = sorted((n for n in self.nodes if rest.startswith(n + ".")), key=len, reverse=True)
            if known:
                return known[0], rest[len(known[0]) + 1 :]
        return None


def _with_label(message, variable, label):
    quoted = f"'{variable}'"
    if quoted in message:
        return message.replace(quoted, label, 1)
    if message.startswith(variable + ":"):
        return label + message[len(variable) :]
    return message


def labelled_errors(errors, item):
    """The core's ``[{path, code, message}]`` with ``label`` added where the
    path names a survey question, and the message reading with the label
    ("Host name must be at most 5 characters" for "'hostname' must be ...";
    a leading "hostname:" likewise). Other errors pass unchanged."""
    labels = ItemLabels(item)
    out = []
    for error in errors:
        error = dict(error)
        place = labels.locate(error.get("path"))
        if place is not None:
            node, variable = place
            label = labels.of(variable, node)
            error["label"] = label
            message = error.get("message")
            if label != variable and isinstance(message, str):
                error["message"] = _with_label(message, variable, label)
        out.append(error)
    return out


def label_exception(exc, item):
    """Relabel a _core.ValidationError's (or Conflict's) errors in place."""
    errors = getattr(exc, "errors", None)
    if errors:
        exc.errors = labelled_errors(errors, item)
    return exc


def _entries(values, labels, node):
    # Survey order first (the order the dialog asked in), then the rest.
    order = {variable: i for i, variable in enumerate(labels)}
    keys = sorted(values, key=lambda k: (order.get(k, len(order)), k))
    return [
        {
            "node": node,
            "variable": key,
            "label": labels.get(key, key),
            "value": values[key],
            "secret": values[key] == ENCRYPTED,
        }
        for key in keys
    ]


def answers_display(extra_vars, node_survey_data, item_labels):
    """A request's answers as a list of {node, variable, label, value,
    secret}: the already masked display values (``$encrypted$`` for
    secrets), template answers first, then each node's."""
    out = _entries(extra_vars or {}, item_labels.template, None)
    for identifier, values in (node_survey_data or {}).items():
        out += _entries(values or {}, item_labels.nodes.get(identifier, {}), identifier)
    return out
