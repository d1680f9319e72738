"""The proposal round in the Django admin: read-only. Every change goes through the pages
(actions with permission, version check and audit)."""
from django.contrib import admin

from sinergi.web.audit.admin_mixins import ReadOnlyAdminMixin
from sinergi.web.proposals.models import (
    Comment,
    NomenclatureEntry,
    NomenclatureVersion,
    PairDecision,
    Proposal,
    ProposalImport,
    ProposalRevision,
    ProposalRound,
)


class ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


@admin.register(NomenclatureVersion)
class NomenclatureVersionAdmin(ReadOnly):
    list_display = ("label", "embedded", "file_name", "fingerprint", "created_by", "created_at")


@admin.register(NomenclatureEntry)
class NomenclatureEntryAdmin(ReadOnly):
    list_display = ("version", "code", "level", "authority", "name", "unit")
    list_filter = ("version", "level", "authority")
    search_fields = ("code", "name", "indicator")


@admin.register(ProposalRound)
class ProposalRoundAdmin(ReadOnly):
    list_display = ("year", "name", "nomenclature", "status", "opened_by", "opened_at", "closed_at")


@admin.register(Proposal)
class ProposalAdmin(ReadOnly):
    list_display = ("id", "round", "office", "code", "description", "status", "version", "updated_at")
    list_filter = ("round", "office", "status")
    search_fields = ("code", "description")


@admin.register(ProposalRevision)
class ProposalRevisionAdmin(ReadOnly):
    list_display = ("proposal", "version", "action", "by_username", "at")


@admin.register(Comment)
class CommentAdmin(ReadOnly):
    list_display = ("proposal", "kind", "author_username", "at")


@admin.register(PairDecision)
class PairDecisionAdmin(ReadOnly):
    list_display = ("round", "first", "second", "finding", "decision", "merged", "by", "at")


@admin.register(ProposalImport)
class ProposalImportAdmin(ReadOnly):
    list_display = ("round", "office", "file_name", "added", "skipped", "by", "at")
