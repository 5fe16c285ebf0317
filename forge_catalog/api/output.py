"""``GET /service_requests/{id}/output/``: the request's job output
(forge_catalog.joboutput), its query parameters and its OpenAPI shape."""

from rest_framework import serializers

from forge_catalog.conf import fc_settings


class OutputQuerySerializer(serializers.Serializer):
    job = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="One of the request's jobs (see `jobs`)."
    )
    after = serializers.IntegerField(
        required=False, default=0, min_value=0, max_value=2**31 - 1, help_text="Events after this counter."
    )
    page_size = serializers.IntegerField(required=False, min_value=1, help_text="Events per page.")

    def validate_page_size(self, value):
        if value > fc_settings.MAX_OUTPUT_PAGE_SIZE:
            raise serializers.ValidationError(
                f"Ensure this value is less than or equal to {fc_settings.MAX_OUTPUT_PAGE_SIZE}.",
                code="max_value",
            )
        return value


class _OutputJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    node = serializers.CharField(
        allow_null=True, help_text="The workflow node's identifier, for a node's job."
    )
    finished = serializers.BooleanField()
    controller_url = serializers.CharField(
        allow_null=True,
        help_text="The controller's own output page, only for callers who may see the job there.",
    )


class _OutputEventSerializer(serializers.Serializer):
    counter = serializers.IntegerField()
    event = serializers.CharField()
    failed = serializers.BooleanField()
    task = serializers.CharField()
    stdout = serializers.CharField(help_text="Secret answers of the request show as $encrypted$.")
    start_line = serializers.IntegerField()
    end_line = serializers.IntegerField()


class OutputSerializer(serializers.Serializer):
    jobs = _OutputJobSerializer(many=True)
    job = serializers.IntegerField(allow_null=True, help_text="The job these events belong to.")
    events = _OutputEventSerializer(many=True)
    next = serializers.IntegerField(
        allow_null=True, help_text="Ask again with after=next; null once the job finished and all was served."
    )
    complete = serializers.BooleanField()
