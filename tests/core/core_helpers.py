"""Survey-spec builders shared by the core suite."""


def question(variable, type="text", *, required=False, **extra):
    """One survey question as the controller stores it."""
    return {"type": type, "question_name": variable.title(), "variable": variable,
            "required": required, **extra}


def spec(*questions, name="Survey"):
    return {"name": name, "description": "", "spec": list(questions)}
