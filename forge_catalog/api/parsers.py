"""The API's request parser: JSON, refused when nested too deep.

Python's ``json`` parses nested arrays and objects recursively, so a body of a
thousand ``[`` ends in RecursionError (a 500) before any of our limits is
asked. ``DepthLimitedJSONParser`` measures the nesting first, without
recursion (brackets counted outside strings), and answers 400 past
``MAX_BODY_DEPTH``: the binding's conversion bound, ``8 x LIMITS["max_depth"]``
(docs/limits.md), so every value the binding could convert still reaches the
core and gets its field-level ``limit`` error with a path.

JSON only, as the controller's API parses (form bodies cannot carry our
nested extra_vars anyway).
"""

import re
from itertools import accumulate

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

from forge_catalog import _core

# csrc/python/convert.c: WALK_MAX_DEPTH is 8 x FC_LIMIT_MAX_DEPTH.
MAX_BODY_DEPTH = 8 * _core.LIMITS["max_depth"]

_ESCAPE = re.compile(r"\\.", re.DOTALL)  # after this, a string holds no '"'
_STRING = re.compile(r'"[^"]*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting_depth(text):
    """How deep the arrays and objects of a JSON text nest (0 for a scalar).
    Linear and iterative: escapes, then strings, then everything but
    brackets are dropped (each step a regex pass), and the deepest running
    sum of the brackets left is the depth. For malformed text the number is
    meaningless, but the parser rejects such text anyway."""
    bare = _NOT_BRACKET.sub("", _STRING.sub("", _ESCAPE.sub("", text)))
    return max(accumulate(map(_STEP.__getitem__, bare)), default=0)


class DepthLimitedJSONParser(JSONParser):
    max_depth = MAX_BODY_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        try:
            "".encode(encoding)  # a text codec (not e.g. bz2_codec, which expands)
            text = stream.read().decode(encoding)
        except (LookupError, ValueError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if nesting_depth(text) > self.max_depth:
            raise ParseError(
                f"The body nests arrays and objects deeper than {self.max_depth} levels.", code="limit"
            )
        try:
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
