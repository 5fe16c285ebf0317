"""Bulk approve / reject (issue 10 item 4): one call for many requests, each
decided exactly as its own approve or reject would be (lifecycle.approve /
reject: one transaction, the row locked), and each result reported.

The view runs outside ATOMIC_REQUESTS (the URL wraps it in
``non_atomic_requests``) so that every decision commits on its own: a request
that cannot be decided leaves the others decided, and no lock is held past
its own decision.
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from forge_catalog import _core, authz, lifecycle
from forge_catalog.conf import fc_settings
from forge_catalog.exceptions import Conflict
from forge_catalog.labels import label_exception
from forge_catalog.models import ServiceRequest

from .exceptions import exception_handler
from .schema_types import ERROR_RESPONSES
from .serializers import StrictFieldsMixin, _check_length
from .views import ForgeCatalogViewMixin


class BulkDecisionSerializer(StrictFieldsMixin, serializers.Serializer):
    action = serializers.ChoiceField(choices=("approve", "reject"))
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
    )
    # approve: an optional comment; reject: the reason (the core requires it).
    comment = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)

    def validate_comment(self, value):
        return _check_length(value, "MAX_COMMENT_LENGTH")

    def validate_reason(self, value):
        return _check_length(value, "MAX_REASON_LENGTH")

    def validate_ids(self, value):
        limit = fc_settings.MAX_BULK_DECISIONS
        if len(value) > limit:
            raise serializers.ValidationError(
                f"At most {limit} requests at once (got {len(value)}).", code="limit"
            )
        return list(dict.fromkeys(value))  # each request decided once


class BulkResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    request_id = serializers.CharField(required=False)  # of a 5xx: the server log's key
    status_code = serializers.IntegerField()  # what the single approve/reject would have answered
    status = serializers.CharField(required=False)  # the request's state after a decision
    detail = serializers.CharField(required=False)
    code = serializers.CharField(required=False)
    errors = serializers.ListField(child=serializers.DictField(), required=False)


class BulkAnswerSerializer(serializers.Serializer):
    results = BulkResultSerializer(many=True)


def _contained_handler(exc, context):
    # DRF's handler marks an open ATOMIC_REQUESTS block for rollback. This view
    # has none of its own (each decision commits alone), so the mark must not
    # reach a caller's transaction: the handler runs in a savepoint of its
    # own, which it rolls back having written nothing.
    with transaction.atomic():
        return exception_handler(exc, context)


class BulkDecisionView(ForgeCatalogViewMixin, APIView):
    """Approve or reject several requests; each result as its own call's."""

    def get_exception_handler(self):
        return _contained_handler

    @extend_schema(
        summary="Approve or reject several requests, each in its own locked transaction",
        request=BulkDecisionSerializer,
        responses={200: BulkAnswerSerializer, **ERROR_RESPONSES},
    )
    def post(self, request):
        body = BulkDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        return Response({"results": [self._one(request, pk, data) for pk in data["ids"]]})

    def _one(self, request, pk, data):
        try:
            queryset = ServiceRequest.objects.select_related(*lifecycle.RELATED)
            sr = authz.get_object_or_404(queryset, pk=pk)
            authz.require(request.user, "see_request", request=sr)
            try:
                if data["action"] == "approve":
                    sr = lifecycle.approve(sr, request.user, data["comment"])
                else:
                    sr = lifecycle.reject(sr, request.user, data["reason"])
            except (_core.ValidationError, Conflict) as exc:
                label_exception(exc, sr.catalog_item)
                raise
            return {"id": pk, "status_code": 200, "status": sr.status}
        except Exception as exc:  # this request's answer, exactly as its own call's
            response = self.get_exception_handler()(exc, {"request": request, "view": self})
            out = {"id": pk, "status_code": response.status_code}
            for key in ("detail", "code", "errors", "request_id"):
                if isinstance(response.data, dict) and key in response.data:
                    out[key] = response.data[key]
            return out


bulk_decide = transaction.non_atomic_requests(BulkDecisionView.as_view())
