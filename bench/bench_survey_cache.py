"""The compiled-survey cache lookup (forge_catalog.surveys.template_survey)
at 10 / 100 / 1000 questions, in CPU time per call: the hit for the template
object last seen (O(1)), and the lookup for the same template read again
(a content compare with the compiled copy, no compile). Issue 8 measured the
old digest key at 17 / 136 / 1,379 us. No database: an unsaved devhost
template with a pk stands in for one read from it."""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forge_catalog.devhost.settings")
os.environ.setdefault("FORGE_DEVHOST_SQLITE", ":memory:")
os.environ.setdefault("FORGE_DEVHOST_SECRET_KEY", "bench-survey-cache")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from forge_catalog import surveys  # noqa: E402
from forge_catalog.devhost.models import JobTemplate  # noqa: E402


def spec_of(n):
    questions = [
        {"type": "text", "variable": f"v{i}", "question_name": f"q{i}", "required": True, "min": 0, "max": 20}
        for i in range(n)
    ]
    return {"name": "bench", "description": "", "spec": questions}


def per_call_us(fn, calls):
    start = time.process_time()
    for _ in range(calls):
        fn()
    return (time.process_time() - start) / calls * 1e6


def main():
    print(f"{'questions':>9}  {'same object':>12}  {'read again':>11}")
    modified = timezone.now()
    for n in (10, 100, 1000):
        template = JobTemplate(pk=1, name="t", survey_spec=spec_of(n), survey_enabled=True, modified=modified)
        surveys.clear_cache()
        surveys.template_survey(template)
        hit = per_call_us(lambda t=template: surveys.template_survey(t), 20000)
        reads = [
            JobTemplate(pk=1, name="t", survey_spec=spec_of(n), survey_enabled=True, modified=modified)
            for _ in range(200)
        ]
        it = iter(reads)
        again = per_call_us(lambda it=it: surveys.template_survey(next(it)), len(reads))
        print(f"{n:>9}  {hit:>9.2f} us  {again:>8.1f} us")


if __name__ == "__main__":
    main()
