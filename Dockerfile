# The Wijkmonitor as a service: gunicorn serving app.wsgi:server on port 8050, reading a
# warehouse built from data/ while the image is built (docs/deploy.md).
# deploy/build_image_steps.py runs these same steps without Docker (tests/deploy); it reads
# this file, so keep to FROM, ENV, WORKDIR, COPY, RUN, USER, EXPOSE, HEALTHCHECK and CMD.

# 0. plotly.js's basic bundle (all the app draws), from npm at the version and integrity hash
#    locked in package-lock.json: it is served by the app but not kept in the repository.
FROM node:22-bookworm-slim AS plotly
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    APP_HOME=/srv/wijkmonitor \
    VIRTUAL_ENV=/opt/venv
ENV PATH=$VIRTUAL_ENV/bin:$PATH
WORKDIR $APP_HOME

# 1. The dependencies declared in pyproject.toml, at the versions locked in constraints.txt
#    (a layer of their own: a code change does not reinstall them).
RUN python -m venv "$VIRTUAL_ENV"
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
 && pip install -c constraints.txt -r requirements.txt \
 && rm requirements.txt
#    plotly.js's basic bundle from stage 0, where app/embed looks for it.
COPY --from=plotly /build/node_modules/plotly.js-basic-dist-min ./node_modules/plotly.js-basic-dist-min
COPY --from=plotly /build/node_modules/plotly.js-locales/nl.js ./node_modules/plotly.js-locales/nl.js

# 2. The code, and the warehouse built from data/ (read-only for everyone, owned by root).
COPY app ./app
COPY etl ./etl
COPY geo ./geo
COPY sjabloon ./sjabloon
COPY deploy/gunicorn.conf.py ./deploy/gunicorn.conf.py
COPY data ./data
RUN python -m etl build --extracts data --out warehouse.duckdb --quiet \
 && chmod 0444 warehouse.duckdb

# 3. Run as an unprivileged user; configuration only through the environment.
# image-steps: skip (without Docker the steps run as the user who runs them)
RUN useradd --system --no-create-home --shell /usr/sbin/nologin wijkmonitor
USER wijkmonitor
ENV WIJKMONITOR_WAREHOUSE=$APP_HOME/warehouse.duckdb \
    HOST=0.0.0.0 \
    PORT=8050
EXPOSE 8050
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8050'), timeout=4)"]
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "app.wsgi:server"]
