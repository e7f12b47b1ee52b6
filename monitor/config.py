"""Settings from ``MONITOR_*`` environment variables and an optional ``monitor.toml``.

Environment variables win over the file. Read once at start-up and passed in; nothing else
in the package reads the environment.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
    TomlConfigSettingsSource,
)

from monitor import __version__
from monitor.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENV_PREFIX = "MONITOR_"
# The report's watchlists and source catalogue as shipped with the package (``monitor/
# watchlists`` links to the checkout's ``watchlists/``): used when MONITOR_WATCHLISTS and
# MONITOR_SOURCES are unset and there is no ``./watchlists``.
BUNDLED_WATCHLISTS = Path(__file__).resolve().parent / "watchlists"


class WebUser(BaseModel):
    """A user of the web pages: an argon2 password hash and a role."""

    password_hash: str
    role: Literal["viewer", "reviewer"] = "viewer"


class HostRule(BaseModel):
    """One host's politeness in ``MONITOR_HOST_POLICIES`` / ``[host_policies."host"]``."""

    model_config = {"extra": "forbid"}

    connections: int = Field(1, ge=1, le=32)
    min_delay: float = Field(0.0, ge=0)
    jitter: float = Field(0.0, ge=0)
    daily_cap: int | None = Field(None, ge=1)
    spread: bool = True


class Settings(BaseSettings):
    """Every knob of the monitor, with its default."""

    # Numbers are finite (no ``inf``, ``nan``) and each has an upper bound: a value too large
    # for the dates and timers it feeds is refused at load, naming the variable.
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="forbid", toml_file=None, allow_inf_nan=False
    )

    database_url: str = "sqlite:///data/monitor.db"
    sources: Path = Path("watchlists/sources.yaml")
    watchlists: Path = Path("watchlists")
    templates: Path = PROJECT_ROOT / "templates"
    out_dir: Path = Path("out")
    # Where the compiled watchlists are cached (unset: the SQLite database's folder, else
    # the user's cache folder; see relevance/compiled.py).
    cache_dir: Path | None = None
    match_threshold: float = Field(0.5, ge=0.0, le=1.0)
    # The review-trained model (`monitor relevance train`) joined with the rules at match
    # time: off unless asked for (it did not clearly help in `monitor eval --simulate-reviews`).
    review_model: bool = False
    review_model_path: Path = Path("data/review-model.json")
    # Worker processes that parse and match a large batch of fetched feeds while this one
    # stores. Default 0: all in this process, which holds a batch at a time (a worker costs
    # as much memory as this process and saves about a quarter of a first ingest's time).
    ingest_workers: int = Field(0, ge=0, le=32)
    user_agent: str = (
        f"horizon-monitor/{__version__} (UN report on science, technology and security)"
    )
    http_connect_timeout: float = Field(10.0, gt=0, le=3600)
    http_read_timeout: float = Field(30.0, gt=0, le=3600)
    http_total_timeout: float = Field(60.0, gt=0, le=3600)
    max_response_bytes: int = Field(10 * 1024 * 1024, gt=0, le=2**31)
    max_redirects: int = Field(5, ge=0, le=20)
    http_concurrency: int = Field(16, ge=1, le=256)
    http_per_host: int = Field(2, ge=1, le=32)
    # Per-host politeness added to or replacing the defaults (monitor/ingest/hosts.py).
    host_policies: dict[str, HostRule] = Field(default_factory=dict)
    # A contact address for the User-Agent and Crossref's polite pool (its mailto).
    contact: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    # Keys sources name in their `secret:` (read at request time, never printed).
    openalex_key: SecretStr | None = None
    source_secrets: dict[str, SecretStr] = Field(default_factory=dict)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"
    tick_seconds: float = Field(60.0, gt=0, le=86400)
    digest_day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    digest_hour: int = Field(7, ge=0, le=23)
    digest_minute: int = Field(0, ge=0, le=59)
    digest_timezone: str = "UTC"
    retention_days: int | None = Field(None, gt=0, le=36500)
    lease_seconds: float = Field(900.0, gt=0, le=7 * 86400)
    stop_timeout: float = Field(30.0, gt=0, le=3600)
    # `monitor serve` runs each tick and digest in a child process (monitor/service/isolation.py).
    isolate_jobs: bool = True
    smtp_host: str | None = None
    smtp_port: int | None = Field(None, gt=0, lt=65536)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_from: str = "Horizon Monitor <horizon-monitor@localhost>"
    smtp_to: str = ""
    smtp_timeout: float = Field(30.0, gt=0, le=3600)
    smtp_attempts: int = Field(4, ge=1, le=10)
    smtp_retry_seconds: float = Field(30.0, ge=0, le=3600)
    list_unsubscribe: str | None = None
    digest_per_section: int = Field(10, ge=1, le=1000)
    web_url: str | None = None
    recipient_sections: dict[str, list[str]] = Field(default_factory=dict)
    report_language: Literal["en", "zh"] = "en"
    cycle_start: date = date(2025, 7, 22)
    web_users: dict[str, WebUser] = Field(default_factory=dict)
    web_secret: SecretStr | None = None
    # Host names the web pages answer besides the bound address, localhost and 127.0.0.1.
    web_hosts: str = ""
    web_session_hours: float = Field(12.0, gt=0, le=24 * 90)
    reviewer: str = Field(default_factory=lambda: os.environ.get("USER") or "reviewer")
    _bundled: list[str] = PrivateAttr(default_factory=list)

    @property
    def agent(self) -> str:
        """The User-Agent sent: the configured one, with the contact address when set."""
        if not self.contact:
            return self.user_agent
        base = self.user_agent
        if base.endswith(")"):
            return f"{base[:-1]}; mailto:{self.contact})"
        return f"{base} (mailto:{self.contact})"

    def secrets(self) -> dict[str, str]:
        """Sources' keys by name: ``openalex_key`` and ``source_secrets``."""
        found = {name: value.get_secret_value() for name, value in self.source_secrets.items()}
        if self.openalex_key is not None:
            found["openalex_key"] = self.openalex_key.get_secret_value()
        return {name: value for name, value in found.items() if value}

    @property
    def recipients(self) -> list[str]:
        """``MONITOR_SMTP_TO`` split on commas."""
        return [address.strip() for address in self.smtp_to.split(",") if address.strip()]

    @model_validator(mode="after")
    def _bundled_when_absent(self) -> Settings:
        if not BUNDLED_WATCHLISTS.is_dir():
            return self
        if "watchlists" not in self.model_fields_set and not self.watchlists.exists():
            self.watchlists = BUNDLED_WATCHLISTS
            self._bundled.append("watchlists")
        if "sources" not in self.model_fields_set and not self.sources.exists():
            self.sources = BUNDLED_WATCHLISTS / "sources.yaml"
            self._bundled.append("sources")
        return self

    @property
    def bundled(self) -> list[str]:
        """Which of ``watchlists`` and ``sources`` are the package's own copies."""
        return list(self._bundled)

    @property
    def web_host_names(self) -> list[str]:
        """``MONITOR_WEB_HOSTS`` split on commas."""
        return [name.strip() for name in self.web_hosts.split(",") if name.strip()]

    @field_validator("digest_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = _toml_path()
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_path.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_path))
        return tuple(sources)


def _toml_path() -> Path:
    return Path(os.environ.get(f"{ENV_PREFIX}CONFIG", "monitor.toml"))


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; a bad value raises ``ConfigError`` naming the variable or file line."""
    toml_path = _toml_path()
    _check_toml(toml_path)
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, toml_path)) from None
    except SettingsError as exc:  # a complex value (JSON) that does not parse
        raise ConfigError(_describe_settings_error(exc)) from None


def _check_toml(path: Path) -> None:
    """The configuration file is absent (it is optional), or a readable UTF-8 TOML file; a
    folder or anything else in its place is an error."""
    if not path.exists():
        return
    if not path.is_file():
        raise ConfigError(f"{path}: not a file (MONITOR_CONFIG names a TOML file)")
    try:
        tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _describe_settings_error(exc: SettingsError) -> str:
    """``error parsing value for field "x" from source "EnvSettingsSource"`` → the variable."""
    found = re.search(r'field "(\w+)"', str(exc))
    field = found.group(1) if found else "?"
    return (
        f"{ENV_PREFIX}{field.upper()}: not valid JSON (a value like {_EXAMPLES.get(field, '{}')})"
    )


_EXAMPLES = {"recipient_sections": '{"bio@example.org": ["II.D"]}', "web_users": "{}"}


def _describe(exc: ValidationError, toml_path: Path) -> str:
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "?"
    variable = f"{ENV_PREFIX}{field.upper()}"
    if variable in os.environ:
        where = variable
    elif toml_path.is_file():
        where = f"{toml_path}:{_toml_line(toml_path, field)} field {field!r}"
    else:
        where = field
    hidden = ("password", "key", "secret")
    shown = "" if any(word in field for word in hidden) else f" (got {first.get('input')!r})"
    return f"{where}: {first['msg']}{shown}"


def _toml_line(path: Path, field: str) -> int:
    pattern = re.compile(rf"^\s*{re.escape(field)}\s*=")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if pattern.match(line):
            return number
    return 0
