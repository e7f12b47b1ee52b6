# Horizon Monitor as a container: `monitor serve` in the foreground, SIGTERM stops it cleanly.
#   docker build -t horizon-monitor .
#   docker run -d --name monitor -v monitor-data:/app/data -v monitor-out:/app/out \
#     -e MONITOR_DATABASE_URL=sqlite:///data/monitor.db -e MONITOR_SMTP_HOST=... \
#     horizon-monitor
# /healthz listens on 127.0.0.1 inside the container; HEALTHCHECK below uses it.
# For PostgreSQL set MONITOR_DATABASE_URL=postgresql+psycopg://user:pass@host/db.
FROM python:3.11-slim
WORKDIR /app
RUN useradd --system --home /app monitor
COPY pyproject.toml README.md alembic.ini ./
COPY monitor ./monitor
COPY alembic ./alembic
COPY templates ./templates
COPY watchlists ./watchlists
RUN pip install --no-cache-dir -e '.[postgres]' && mkdir -p data out && chown -R monitor /app/data /app/out
USER monitor
ENV MONITOR_LOG_LEVEL=INFO
EXPOSE 8077
HEALTHCHECK --interval=60s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8077/healthz')"
CMD ["monitor", "serve", "--health-port", "8077"]
