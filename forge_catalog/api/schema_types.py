"""Shapes that exist only to describe answers in the OpenAPI document: the
error bodies of exceptions.py and the seed's launch_data."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

from .serializers import ServiceCatalogItemSerializer


class FieldErrorSerializer(serializers.Serializer):
    path = serializers.CharField(
        help_text="e.g. extra_vars.hostname, node_survey_data.deploy.version, tags[2]"
    )
    code = serializers.CharField(help_text="machine-readable rule name, e.g. required, max_length")
    message = serializers.CharField()


class DetailErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(help_text="403: the refusal reason, e.g. not_approver, self_approval.")


class ConflictErrorSerializer(DetailErrorSerializer):
    errors = FieldErrorSerializer(many=True, required=False)


VALIDATION_ERROR = inline_serializer(
    "ValidationError",
    fields={
        "errors": FieldErrorSerializer(many=True, help_text="Every problem, in order."),
        "truncated": serializers.BooleanField(required=False),
    },
)

ERROR_RESPONSES = {
    400: OpenApiResponse(
        VALIDATION_ERROR,
        description="Field errors. Besides `errors`, every path is also a key of the body holding "
        "the list of its messages (`non_field_errors` for problems about no single field).",
    ),
    401: OpenApiResponse(DetailErrorSerializer, description="Not authenticated (code not_authenticated)."),
    403: OpenApiResponse(DetailErrorSerializer, description="Not allowed; code is the reason."),
    404: OpenApiResponse(DetailErrorSerializer, description="No such object, or one you may not see."),
}
CONFLICT_RESPONSE = {
    409: OpenApiResponse(ConflictErrorSerializer, description="Not possible in the request's current state."),
}


class NodeSurveySerializer(serializers.Serializer):
    node_id = serializers.IntegerField()
    identifier = serializers.CharField()
    survey_spec = serializers.DictField()


class QuestionStateSerializer(serializers.Serializer):
    visible = serializers.BooleanField()
    default = serializers.JSONField(required=False, help_text="The default that applies when unanswered.")
    choices = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="choices_from: the first `limit` matches."
    )
    more = serializers.BooleanField(required=False, help_text="More choices matched than listed.")


class FormStateSerializer(serializers.Serializer):
    questions = serializers.DictField(child=QuestionStateSerializer())


class FormStatesSerializer(serializers.Serializer):
    extra_vars = FormStateSerializer()
    node_survey_data = serializers.DictField(child=FormStateSerializer())


class DryRunResultSerializer(serializers.Serializer):
    """The dry-run's answer: exactly submit's errors, and the form's state."""

    valid = serializers.BooleanField()
    errors = FieldErrorSerializer(many=True)
    extra_vars = FormStateSerializer()
    node_survey_data = serializers.DictField(child=FormStateSerializer())


class LaunchDataSerializer(serializers.Serializer):
    """The seed's launch_data response."""

    catalog_item = ServiceCatalogItemSerializer()
    is_workflow = serializers.BooleanField()
    survey_enabled = serializers.BooleanField()
    survey_spec = serializers.DictField(
        help_text='{"spec": [question, ...]}; password defaults read $encrypted$'
    )
    ask_variables_on_launch = serializers.BooleanField()
    node_surveys = NodeSurveySerializer(many=True)
    form_overlay = serializers.DictField(
        help_text="The request form's overlay, keyed by variable (docs/forms.md)"
    )
    node_form_overlays = serializers.DictField(
        child=serializers.DictField(), help_text="{node identifier: overlay}"
    )
    form_state = FormStatesSerializer(help_text="The dry-run's states for no answers yet")
