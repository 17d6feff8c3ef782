# syntax=docker/dockerfile:1
# The one image of every process (web, worker, migrations): `ordersupport serve` by default;
# compose.yaml and deploy/k8s/ choose the command. Built in two stages: the wheel is built
# with the build tools, the runtime stage installs only the wheel and runs as a non-root user.

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY core ./core
COPY adapters ./adapters
COPY bots ./bots
COPY demo ./demo
COPY locales ./locales
RUN python -m pip wheel --wheel-dir /wheels .

FROM python:3.11-slim-bookworm AS runtime
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    ORDERSUPPORT_HOST=0.0.0.0 ORDERSUPPORT_PORT=8080 ORDERSUPPORT_LOG_JSON=true
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --create-home app
COPY --from=build /wheels /wheels
RUN python -m pip install --no-index --find-links /wheels ordersupport && rm -rf /wheels
WORKDIR /app
USER 10001:10001
EXPOSE 8080
# /livez: the process answers (readiness, with the database and Redis, is /readyz).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/livez' % os.environ.get('ORDERSUPPORT_PORT', '8080'), timeout=2)"]
CMD ["ordersupport", "serve"]
