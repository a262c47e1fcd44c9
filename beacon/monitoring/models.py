"""Sources, the raw items they yield, the articles kept, their stories, mentions and alerts."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from beacon.core.models import Agency
from beacon.monitoring.sources import kind_choices


class MediaKind(models.TextChoices):
    NEWS_AGENCY = "news_agency", _("News agency")
    NEWSPAPER = "newspaper", _("Newspaper")
    BROADCASTER = "broadcaster", _("Broadcaster")
    BLOG = "blog", _("Blog")
    GOVERNMENT = "government", _("Government")
    INTERNATIONAL = "international", _("International organisation")


class Prominence(models.IntegerChoices):
    BODY = 1, _("in the body")
    LEAD = 2, _("in the lead")
    TITLE = 3, _("in the title")


class ToneLabel(models.TextChoices):
    NEGATIVE = "negative", pgettext_lazy("tone", "negative")
    NEUTRAL = "neutral", pgettext_lazy("tone", "neutral")
    POSITIVE = "positive", pgettext_lazy("tone", "positive")


class SourceGroup(models.Model):
    """A named set of sources ("French press", "ASEAN broadcasters") for filters and alerts."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("source group")
        verbose_name_plural = _("source groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SourceQuerySet(models.QuerySet["Source"]):
    def due(self, now: datetime | None = None) -> SourceQuerySet:
        now = now or timezone.now()
        return self.filter(is_active=True, paused_at__isnull=True).filter(
            models.Q(next_poll_at__isnull=True) | models.Q(next_poll_at__lte=now)
        )

    def silent(self, now: datetime | None = None) -> SourceQuerySet:
        """Active sources that brought nothing new for a day: a feed that moved or broke quietly."""
        now = now or timezone.now()
        day = now - timedelta(days=1)
        return self.filter(is_active=True).filter(
            models.Q(last_item_at__lt=day) | models.Q(last_item_at__isnull=True, created_at__lt=day)
        )


class Source(models.Model):
    """A feed, a news sitemap or a page watched for coverage of the city.

    The polling state (conditional-GET validators, failures, pause) lives here so that the
    source-health view and the circuit breaker read one row.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=kind_choices(), default="feed")
    url = models.CharField(_("URL"), max_length=1000, unique=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO code, e.g. FR."))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    media_kind = models.CharField(
        _("media kind"), max_length=20, choices=MediaKind.choices, default=MediaKind.NEWSPAPER
    )
    poll_minutes = models.PositiveIntegerField(_("polling interval (minutes)"), default=30)
    groups = models.ManyToManyField(SourceGroup, verbose_name=_("groups"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    allow_private_network = models.BooleanField(
        _("on the office's own network"),
        default=False,
        help_text=_("Allow this source's host to resolve to a private address. Rarely right."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    etag = models.CharField(max_length=255, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_item_at = models.DateTimeField(_("last new item"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    # The last error as {"message": English template (a msgid), "params": {...}}, shown
    # translated; ``last_error`` keeps the English text for logs, alerts and search.
    last_error_detail = models.JSONField(default=dict, blank=True, editable=False)
    # What the last successful poll left out (skipped items, the entry cap), in the same form.
    poll_notes = models.JSONField(default=list, blank=True, editable=False)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True)
    # Claimed for a poll until then (``scheduling.claim_due_sources``); cleared when the poll
    # ends, so a poll task lost with its worker or broker makes the source due again at expiry.
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def host(self) -> str:
        from urllib.parse import urlsplit

        return (urlsplit(self.url).hostname or "").lower()

    def error_text(self) -> str:
        """The last error in the reader's language (its English text for an older row)."""
        if not self.last_error_detail:
            return self.last_error
        return _translated_reason(self.last_error_detail)

    def note_texts(self) -> list[str]:
        """What the last poll left out, each line in the reader's language."""
        return [_translated_reason(note) for note in self.poll_notes]


def _translated_reason(reason: dict) -> str:
    """A stored reason in the active language, numbers grouped the local way."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext

    params = {
        key: number_format(value, force_grouping=True) if isinstance(value, int) else value
        for key, value in (reason.get("params") or {}).items()
    }
    message = gettext(str(reason.get("message", "")))
    try:
        return message % params if params else message
    except (KeyError, TypeError, ValueError):
        return str(reason.get("message", "")) % params if params else message


class RawItem(models.Model):
    """An entry a source pointed at, from discovery until it is stored or discarded.

    The backlog of the pipeline lives in this table, not in the broker: a worker that dies
    loses no article, and a second delivery of a task finds the item already done.
    """

    class Status(models.TextChoices):
        NEW = "new", _("new")
        FETCHED = "fetched", _("fetched")
        DONE = "done", _("stored")
        DISCARDED = "discarded", _("discarded")
        FAILED = "failed", _("failed")

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="raw_items")
    url = models.CharField(max_length=1000)
    url_hash = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=500, blank=True)
    summary = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When the sweeper last queued the item again, and how often: its task was lost (a worker
    # killed, a broker restarted without persistence); past a few sweeps it is given up.
    swept_at = models.DateTimeField(null=True, blank=True)
    sweeps = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.url


class Story(models.Model):
    """One piece of news and all its copies: a wire story printed by fourteen outlets is one."""

    title = models.CharField(_("title"), max_length=500)
    language = models.CharField(_("language"), max_length=12)
    first_seen_at = models.DateTimeField(_("first seen"), db_index=True)
    last_seen_at = models.DateTimeField(_("last seen"), db_index=True)
    copies = models.PositiveIntegerField(_("copies"), default=1)
    source_count = models.PositiveIntegerField(_("sources"), default=1)
    countries = models.JSONField(_("countries"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    topics = models.JSONField(_("topics"), default=list)
    prominence = models.PositiveSmallIntegerField(
        _("prominence"), choices=Prominence.choices, default=Prominence.BODY
    )
    signature = models.BinaryField()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return self.title


class StoryBand(models.Model):
    """One LSH band key of a story's signature: how a new copy finds its story."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="bands")
    key = models.CharField(max_length=24, db_index=True)

    def __str__(self) -> str:
        return self.key


class ArticleQuerySet(models.QuerySet["Article"]):
    def about_city(self) -> ArticleQuerySet:
        return self.filter(about_city=True)

    def with_topic(self, topic: str) -> ArticleQuerySet:
        """Articles tagged with the topic, on every database.

        Django's JSON ``contains`` exists on PostgreSQL only (``topics @> '["topic"]'``, which
        an index can serve); on SQLite the list's elements are read with ``json_each``. The SQL
        is formatted with the model's own table name only; the topic is a parameter.
        """
        if connections[self.db].vendor == "postgresql":
            return self.filter(topics__contains=[topic])
        column = f'"{self.model._meta.db_table}"."topics"'
        return self.filter(
            RawSQL(  # noqa: S611
                f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = %s)",  # noqa: S608
                [topic],
                output_field=models.BooleanField(),
            )
        )


class Article(models.Model):
    """An article from a watched source, as extracted: plain text only, never the page's HTML."""

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="articles"
    )
    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.PROTECT, related_name="articles"
    )
    url = models.CharField(_("URL"), max_length=1000)
    url_hash = models.CharField(max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500)
    lead = models.TextField(pgettext_lazy("article", "lead"), blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=12, db_index=True)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    media_kind = models.CharField(_("media kind"), max_length=20, choices=MediaKind.choices)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    seen_at = models.DateTimeField(_("seen"), default=timezone.now, db_index=True)
    topics = models.JSONField(_("topics"), default=list)
    prominence = models.PositiveSmallIntegerField(
        _("prominence"), choices=Prominence.choices, default=Prominence.BODY
    )
    about_city = models.BooleanField(_("about the city"), default=True)
    is_copy = models.BooleanField(_("copy of an earlier article"), default=False)
    # Folded text (lower case, no diacritics) for full-text search in any spelling.
    search_text = models.TextField(blank=True)
    embedding = models.BinaryField(null=True, blank=True)
    # Tone toward the city (``beacon.monitoring.tone``): the pipeline's reading until an analyst
    # corrects it; a corrected tone is never overwritten and becomes training data.
    tone = models.CharField(
        pgettext_lazy("article", "tone"),
        max_length=10,
        choices=ToneLabel.choices,
        blank=True,
        db_index=True,
    )
    tone_confidence = models.FloatField(_("tone confidence"), null=True, blank=True)
    tone_corrected = models.BooleanField(_("tone corrected by an analyst"), default=False)
    tone_corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tone corrected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tone_corrected_at = models.DateTimeField(_("tone corrected at"), null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-seen_at"]
        indexes = [models.Index(fields=["story", "seen_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def when(self) -> datetime:
        return self.published_at or self.seen_at


class Mention(models.Model):
    """A gazetteer entry found in an article, and where (title, lead or body)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    label = models.CharField(_("place"), max_length=200, db_index=True)
    kind = models.CharField(_("kind"), max_length=20)
    prominence = models.PositiveSmallIntegerField(_("prominence"), choices=Prominence.choices)
    count = models.PositiveIntegerField(_("times"), default=1)

    class Meta:
        ordering = ["-prominence", "-count"]

    def __str__(self) -> str:
        return self.label


class Place(models.Model):
    """A landmark, institution or programme the gazetteer should know besides the agencies."""

    class Kind(models.TextChoices):
        LANDMARK = "landmark", _("Landmark")
        INSTITUTION = "institution", _("Institution")
        PROGRAMME = "programme", _("Programme or project")
        DISTRICT = "district", _("District or area")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    aliases = models.TextField(
        _("other forms"),
        blank=True,
        help_text=_("One per line, in any language and script (diacritics are optional)."),
    )

    class Meta:
        verbose_name = _("place in the gazetteer")
        verbose_name_plural = _("gazetteer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def forms(self) -> tuple[str, ...]:
        return (self.name, *(line.strip() for line in self.aliases.splitlines() if line.strip()))


class Topic(models.Model):
    """One topic of the taxonomy and the keywords (in any language) that signal it."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    keywords = models.TextField(_("keywords"), help_text=_("One per line, in any language."))

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class AlertRule(models.Model):
    """When to raise an alert, for whom, and how to deliver it."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        KEYWORD = "keyword", _("Keyword")
        COUNTRY = "country", _("Country")
        GROUP = "group", _("Source group")
        SPIKE = "spike", _("Volume spike")
        SPREAD = "spread", _("Story spreading")
        TONE = "tone", _("Negative spike of a theme in a country")

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("E-mail at once")
        DIGEST = "digest", _("E-mail digest, daily")
        ADMIN = "admin", _("In Beacon only")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    topic = models.SlugField(_("topic"), max_length=40, blank=True)
    keyword = models.CharField(_("keyword"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    group = models.ForeignKey(
        SourceGroup, verbose_name=_("source group"), null=True, blank=True, on_delete=models.CASCADE
    )
    min_sources = models.PositiveIntegerField(
        _("sources"), default=5, help_text=_("Story spreading: this many sources…")
    )
    hours = models.PositiveIntegerField(
        _("hours"), default=6, help_text=_("…within this many hours of the first copy.")
    )
    spike_factor = models.FloatField(
        _("spike factor"),
        default=3.0,
        help_text=_("Volume or negative-tone spike: this many times the usual."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("assigned agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Its officers see the alerts and can acknowledge them."),
    )
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.ADMIN
    )
    email_to = models.TextField(_("e-mail to"), blank=True, help_text=_("One address per line."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def recipients(self) -> list[str]:
        return [line.strip() for line in self.email_to.splitlines() if line.strip()]


class AlertQuerySet(models.QuerySet["Alert"]):
    def open(self) -> AlertQuerySet:
        return self.filter(acknowledged_at__isnull=True)


class Alert(models.Model):
    """Something an analyst should look at; raised once per rule and story (``key``)."""

    rule = models.ForeignKey(
        AlertRule, verbose_name=_("rule"), null=True, blank=True, on_delete=models.SET_NULL
    )
    key = models.CharField(max_length=200, unique=True)
    title = models.CharField(_("alert"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    story = models.ForeignKey(
        Story, verbose_name=_("story"), null=True, blank=True, on_delete=models.CASCADE
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.CASCADE
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("assigned agency"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("raised"), default=timezone.now, db_index=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class SearchQueue(models.Model):
    """An article to (re)index or to drop from the search engine, written in the same
    transaction as the change, so that a crash cannot leave the engine behind for good; the
    ``drain_search_queue`` task consumes it in batches."""

    class Action(models.TextChoices):
        INDEX = "index", _("index")
        DELETE = "delete", _("delete")

    # Not a foreign key: a deleted article's row must outlive the article.
    article_id = models.BigIntegerField(_("article"), db_index=True)
    action = models.CharField(_("action"), max_length=6, choices=Action.choices)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)

    class Meta:
        verbose_name = _("search queue entry")
        verbose_name_plural = _("search queue")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.article_id}"
