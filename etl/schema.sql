-- Star schema of the Wijkmonitor warehouse: indicator x jaar x gebied x groep.
-- Executed by etl.warehouse.create_schema on an empty DuckDB file; v_waarde is the query surface.

CREATE TABLE dim_doel (
    doel_code   VARCHAR PRIMARY KEY,        -- 'ME-A', 'RD-01', 'TD-C'
    soort       VARCHAR NOT NULL,           -- 'maatschappelijk effect' | 'richtinggevend doel' | 'transformatiedoel'
    naam        VARCHAR NOT NULL,
    parent_code VARCHAR,                    -- richtinggevend doel -> its maatschappelijk effect
    volgorde    INTEGER NOT NULL
);

CREATE TABLE dim_indicator (
    indicator_id      INTEGER PRIMARY KEY,
    code              VARCHAR NOT NULL UNIQUE,  -- stable slug
    naam              VARCHAR NOT NULL,         -- Dutch, as printed in the monitor
    thema             VARCHAR NOT NULL,
    eenheid           VARCHAR NOT NULL,         -- percentage | aantal | score | rapportcijfer | per 1000 | ...
    gewenste_richting VARCHAR NOT NULL,         -- hoger | lager | neutraal
    bron              VARCHAR NOT NULL,
    definitie         VARCHAR,
    toelichting       VARCHAR,                  -- definition changes, breaks in series
    breuk_jaren       VARCHAR,                  -- '2021' or '2021|2024': the series breaks before these years
    monitor_status    VARCHAR NOT NULL,         -- 'actueel' | 'geen nieuwe cijfers' | 'niet in monitor'
    tabel_volgorde    INTEGER,                  -- position in the chapter table; NULL = not in the table
    aggregatie        VARCHAR NOT NULL,         -- 'som' | 'gewogen' | 'geen' (for larger areas)
    noemer            VARCHAR,                  -- indicator code of the weight for 'gewogen'
    teller            VARCHAR,                  -- count a 'gewogen' rate is made of (docs/geo.md, Berekende cijfers)
    decimalen         INTEGER                   -- most decimals of a delivered figure; NULL = none delivered
);

-- Headline indicators (data/meta/kern): the ones the monitor's samenvatting discusses. The start
-- page shows them per goal (docs/app.md, "Start page").
CREATE TABLE kern_indicator (
    indicator_id INTEGER PRIMARY KEY REFERENCES dim_indicator (indicator_id),
    onderwerp    VARCHAR NOT NULL,              -- the samenvatting's subject, in our own words
    volgorde     INTEGER NOT NULL               -- order of discussion in the samenvatting
);

-- Families (data/meta/families.csv): indicators that measure one concept (four loneliness
-- measures, an age band each). A family counts once in a wijkprofiel's findings.
CREATE TABLE indicator_familie (
    indicator_id INTEGER PRIMARY KEY REFERENCES dim_indicator (indicator_id),
    familie      VARCHAR NOT NULL,
    naam         VARCHAR NOT NULL,              -- the concept, for a heading
    hoofd        BOOLEAN NOT NULL               -- the member that speaks for the family
);

-- Related indicators (data/meta/verwant.csv, etl/verwant.py): for an indicator without wijk
-- figures, the nearest one that has them (same concept, other source or level), with the reason.
CREATE TABLE indicator_verwant (
    indicator_id INTEGER NOT NULL REFERENCES dim_indicator (indicator_id),
    verwant_id   INTEGER NOT NULL REFERENCES dim_indicator (indicator_id),
    reden        VARCHAR NOT NULL,              -- why it is related, in Dutch (shown to users)
    volgorde     INTEGER NOT NULL,              -- order among the indicator's related ones
    PRIMARY KEY (indicator_id, verwant_id)
);

-- The search catalogue (data/meta/zoekwoorden.csv, doel_zoekwoorden.csv; etl/zoekwoorden.py): the
-- Verkenner's dropdowns rank by it (docs/app.md, "Search"). Words are lower case, '|'-separated.
CREATE TABLE zoekwoord (
    term       VARCHAR PRIMARY KEY,         -- a word users type ('armoede')
    synoniemen VARCHAR NOT NULL,            -- words of names/definitions it finds ('laag inkomen|rondkomen')
    volgorde   INTEGER NOT NULL
);

CREATE TABLE doel_zoekwoord (
    doel_code   VARCHAR PRIMARY KEY REFERENCES dim_doel (doel_code),
    zoekwoorden VARCHAR NOT NULL,           -- the goal's topic words ('armoede|schulden|bijstand')
    volgorde    INTEGER NOT NULL
);

CREATE TABLE bridge_indicator_doel (
    indicator_id INTEGER NOT NULL REFERENCES dim_indicator (indicator_id),
    doel_code    VARCHAR NOT NULL REFERENCES dim_doel (doel_code),
    reden        VARCHAR,                   -- why the indicator serves the goal (catalogue doelen_reden)
    PRIMARY KEY (indicator_id, doel_code)
);

-- The uitvoeringsprogramma's (data/meta/programmas, docs/programmas.md): what the city and its
-- partners do about the goals. programma -> onderdeel (section, nested) -> resultaat -> actie.
CREATE TABLE dim_programma (
    programma_code VARCHAR PRIMARY KEY,         -- 'UPJO', 'UPWZ'
    naam           VARCHAR NOT NULL,
    periode        VARCHAR NOT NULL,            -- '2022-2024'
    document       VARCHAR NOT NULL,            -- title of the source document
    volgorde       INTEGER NOT NULL
);

CREATE TABLE dim_programma_onderdeel (
    onderdeel_code VARCHAR PRIMARY KEY,         -- 'UPJO-2.1', 'UPWZ-1.1a'
    programma_code VARCHAR NOT NULL REFERENCES dim_programma (programma_code),
    parent_code    VARCHAR,                     -- the enclosing section
    nummer         VARCHAR,                     -- numbering in the document ('2.1'); NULL if none
    kop            VARCHAR NOT NULL,            -- section heading as in the document
    soort          VARCHAR NOT NULL,            -- focuspunt | hoofdstuk | thema | paragraaf | lijn | onderwerp | inleiding
    pad            VARCHAR NOT NULL,            -- headings from the top: '2 Focuspunten > 2.1 Onderwijskansen'
    volgorde       INTEGER NOT NULL
);

CREATE TABLE dim_resultaat (
    resultaat_code VARCHAR PRIMARY KEY,         -- 'UPJO-2.1-R1'
    onderdeel_code VARCHAR NOT NULL REFERENCES dim_programma_onderdeel (onderdeel_code),
    omschrijving   VARCHAR NOT NULL,            -- beoogd resultaat, in our own words
    periode        VARCHAR,                     -- deadline the text gives ('eind 2026'); NULL: the programme's
    volgorde       INTEGER NOT NULL
);

CREATE TABLE dim_actie (
    actie_code     VARCHAR PRIMARY KEY,         -- 'UPJO-3.2.1-A01'
    resultaat_code VARCHAR NOT NULL REFERENCES dim_resultaat (resultaat_code),
    onderdeel_code VARCHAR NOT NULL,            -- of its result (denormalised for queries)
    programma_code VARCHAR NOT NULL,
    titel          VARCHAR NOT NULL,            -- short, in our own words
    partners       VARCHAR,                     -- '|'-separated, as named in the text
    locatie        VARCHAR,                     -- '|'-separated places that are not a CBS wijk
    periode        VARCHAR,                     -- period or deadline the text gives; NULL: the programme's
    volgorde       INTEGER NOT NULL
);

-- Goal links of results and actions, each with its reason. An action serves its own goals and
-- those of its result (v_actie_doel); through the goals it reaches bridge_indicator_doel.
CREATE TABLE bridge_programma_doel (
    code      VARCHAR NOT NULL,                 -- a resultaat_code or actie_code
    niveau    VARCHAR NOT NULL CHECK (niveau IN ('resultaat', 'actie')),
    doel_code VARCHAR NOT NULL REFERENCES dim_doel (doel_code),
    reden     VARCHAR NOT NULL,
    PRIMARY KEY (code, doel_code)
);

-- The CBS wijken an action names (checked against the boundaries at build time).
CREATE TABLE bridge_actie_gebied (
    actie_code  VARCHAR NOT NULL REFERENCES dim_actie (actie_code),
    gebied_code VARCHAR NOT NULL,
    indeling    VARCHAR NOT NULL,               -- the newest wijk indeling that has the code
    PRIMARY KEY (actie_code, gebied_code)
);

CREATE TABLE dim_jaar (
    jaar_id       INTEGER PRIMARY KEY,
    jaar          INTEGER NOT NULL,             -- the year the figure is attributed to
    periode_soort VARCHAR NOT NULL,             -- see docs/extracts.md
    periode_label VARCHAR NOT NULL,             -- '2023', 'schooljaar 2023-2024', ...
    UNIQUE (jaar, periode_label)
);

CREATE TABLE dim_gebied (
    gebied_id   INTEGER PRIMARY KEY,
    gebied_code VARCHAR NOT NULL,               -- CBS code or own code; unique within an indeling
    naam        VARCHAR NOT NULL,
    niveau      VARCHAR NOT NULL,               -- land | referentiegroep | gemeente | wijk | buurt | gebiedscluster
    indeling    VARCHAR NOT NULL,               -- 'vast' | 'wijk2019' | 'wijk2024' | 'buurt2024' | 'cluster'
    parent_code VARCHAR,
    UNIQUE (gebied_code, indeling)
);

CREATE TABLE dim_groep (
    groep_id INTEGER PRIMARY KEY,
    dimensie VARCHAR NOT NULL,                  -- totaal | opleiding | geslacht | leeftijd | schooltype | ...
    groep    VARCHAR NOT NULL,
    volgorde INTEGER NOT NULL,
    UNIQUE (dimensie, groep)
);

CREATE TABLE etl_load (
    load_id       INTEGER PRIMARY KEY,
    path          VARCHAR NOT NULL,             -- relative to the extracts directory
    formaat       VARCHAR NOT NULL,
    bron          VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    rows_read     INTEGER NOT NULL,             -- figures read (a cell of a wide table is one figure)
    rows_loaded   INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    rows_duplicate INTEGER NOT NULL,            -- identical repeats, loaded once
    -- Reconciliation (etl.reconcile, docs/extracts.md): the source cells the build accounts for
    -- = rows_loaded + rows_rejected + rows_duplicate + cells_ignored, or the build fails.
    cells_read    BIGINT NOT NULL,
    cells_ignored BIGINT NOT NULL,              -- left out on purpose; per rule in etl_ignored
    started       TIMESTAMP NOT NULL,
    finished      TIMESTAMP NOT NULL
);

-- The cells an extract holds that the build leaves out on purpose, one row per rule (a column the
-- description ignores, a row of an area already delivered elsewhere, ...), never one per cell.
CREATE TABLE etl_ignored (
    load_id INTEGER NOT NULL REFERENCES etl_load (load_id),
    path    VARCHAR NOT NULL,
    regel   VARCHAR NOT NULL,                   -- the rule, in words, naming the description's key
    cellen  BIGINT NOT NULL
);

CREATE TABLE etl_reject (
    load_id  INTEGER NOT NULL REFERENCES etl_load (load_id),
    path     VARCHAR NOT NULL,
    locatie  VARCHAR NOT NULL,                  -- 'regel 12' or 'Blad1!D7'
    ruw      VARCHAR NOT NULL,                  -- the raw row or cell content
    soort    VARCHAR NOT NULL CHECK (soort IN ('afgewezen', 'dubbel')), -- 'dubbel': identical repeat, loaded once
    reden    VARCHAR NOT NULL
);

-- No PRIMARY KEY / REFERENCES here on purpose: DuckDB keeps those indexes in memory, which would
-- bound the size of a build by RAM. The ETL guarantees them instead (duplicates resolved before
-- load, keys found by inner joins) and etl.model.check_integrity verifies them after every build.
CREATE TABLE fact_waarde (
    indicator_id INTEGER NOT NULL,              -- dim_indicator
    jaar_id      INTEGER NOT NULL,              -- dim_jaar
    gebied_id    INTEGER NOT NULL,              -- dim_gebied
    groep_id     INTEGER NOT NULL,              -- dim_groep
    waarde       DOUBLE,                        -- display units: 8.3 means 8,3 %; NULL unless status = 'waarde'
    ondergrens   DOUBLE,
    bovengrens   DOUBLE,
    significant  BOOLEAN,                       -- NULL when unknown
    status       VARCHAR NOT NULL CHECK (status IN ('waarde', 'niet gemeten', 'geheim/onderdrukt')),
    afgeleid     BOOLEAN NOT NULL DEFAULT FALSE, -- computed for a larger area by the geo layer
    load_id      INTEGER,                       -- etl_load; NULL for afgeleid figures
    -- The kind of figure (etl/soorten.py, docs/statistiek.md): declared by the extract's .toml
    -- or the cell's own 'ca.', or made by the build (berekend, omgerekend).
    soort        VARCHAR NOT NULL DEFAULT 'gemeten'
                 CHECK (soort IN ('gemeten', 'modelschatting', 'berekend', 'ongeveer', 'herleid',
                                  'prognose', 'omgerekend')),
    CHECK ((status = 'waarde') = (waarde IS NOT NULL))
);

-- How the figures of one indicator and kind were made ("50% van het regionale cijfer", "som van
-- de wijken"): from the extract's .toml (uitleg) or the build's own rule. Shown one click away.
CREATE TABLE soort_uitleg (
    indicator_id INTEGER NOT NULL,              -- dim_indicator
    soort        VARCHAR NOT NULL,
    uitleg       VARCHAR NOT NULL,
    PRIMARY KEY (indicator_id, soort)
);

-- A gemeente figure computed from its wijken in some years and delivered by the source in others
-- changes basis. Per summed indicator with computed gemeente figures: each delivered gemeente
-- figure against the sum of all its wijken in that year (etl.basis). zelfde_basis = FALSE (cars:
-- CBS's 142,255 against a wijk sum of 74,335 in 2024) means no trend joins the computed years to it.
CREATE TABLE gemeente_basis (
    indicator_id  INTEGER NOT NULL,             -- dim_indicator
    jaar          INTEGER NOT NULL,
    periode_label VARCHAR NOT NULL,
    gebied_code   VARCHAR NOT NULL,             -- the gemeente
    indeling      VARCHAR NOT NULL,             -- the wijk division summed
    geleverd      DOUBLE NOT NULL,              -- the source's own gemeente figure
    som_wijken    DOUBLE NOT NULL,              -- the sum of all its wijken
    n_wijken      INTEGER NOT NULL,
    marge         DOUBLE NOT NULL,              -- n_wijken x half the wijk figures' rounding step
    zelfde_basis  BOOLEAN NOT NULL,             -- |geleverd - som_wijken| <= marge
    PRIMARY KEY (indicator_id, jaar, periode_label, gebied_code, indeling)
);

-- Per indicator: which levels have figures and how complete the wijk map is (etl.coverage).
-- Derived from fact_waarde once per build, so the app never aggregates the fact table to list
-- its catalogue (that cost seconds per request on a national-scale warehouse).
CREATE TABLE indicator_dekking (
    indicator_id       INTEGER PRIMARY KEY,     -- dim_indicator; every indicator has a row
    heeft_wijk         BOOLEAN NOT NULL,
    heeft_buurt        BOOLEAN NOT NULL,
    heeft_cluster      BOOLEAN NOT NULL,
    heeft_uitsplitsing BOOLEAN NOT NULL,        -- figures for a group other than 'totaal'
    aantal_cijfers     BIGINT NOT NULL,
    wijk_dekking       BIGINT NOT NULL,         -- most wijken with a value in any one year
    laatste_jaar       INTEGER                  -- NULL when the indicator has no figures
);

-- Geo layer (built by geo.build): simplified WGS84 geometry, one row per gebied per indeling.
CREATE TABLE gebied_geometrie (
    gebied_code     VARCHAR NOT NULL,
    indeling        VARCHAR NOT NULL,           -- 'wijk2019' | 'wijk2024' | 'buurt2024' | 'cluster'
    geometry        VARCHAR NOT NULL,           -- GeoJSON geometry text, WGS84
    label_lon       DOUBLE NOT NULL,            -- a point inside the polygon
    label_lat       DOUBLE NOT NULL,
    oppervlakte_km2 DOUBLE NOT NULL,            -- computed in RD New (EPSG:28992)
    PRIMARY KEY (gebied_code, indeling)
);

-- Which wijken make up a larger area (GGD cluster, wijkteam werkgebied).
CREATE TABLE gebied_samenstelling (
    gebied_code  VARCHAR NOT NULL,              -- the larger area
    lid_code     VARCHAR NOT NULL,              -- a wijk code
    lid_indeling VARCHAR NOT NULL,
    PRIMARY KEY (gebied_code, lid_code, lid_indeling)
);

-- Area correspondence across indelingen: polygon overlap in RD New and CBS's area change.
CREATE TABLE gebied_vergelijkbaarheid (
    code_van      VARCHAR NOT NULL,
    indeling_van  VARCHAR NOT NULL,
    code_naar     VARCHAR NOT NULL,
    indeling_naar VARCHAR NOT NULL,
    iou           DOUBLE NOT NULL,
    oppervlakte_verschil DOUBLE NOT NULL,       -- CBS area naar / van - 1 (0.0741 = +7.41 %)
    vergelijkbaar BOOLEAN NOT NULL,             -- geo.compare.vergelijkbaar(iou, oppervlakte_verschil)
    reden         VARCHAR NOT NULL,             -- the decision in words (geo.compare.reden), shown by the app
    PRIMARY KEY (code_van, indeling_van, code_naar, indeling_naar)
);

CREATE TABLE warehouse_info (
    sleutel VARCHAR PRIMARY KEY,
    waarde  VARCHAR NOT NULL
);

CREATE VIEW v_waarde AS
SELECT
    i.code            AS indicator_code,
    i.naam            AS indicator_naam,
    i.eenheid         AS eenheid,
    i.thema           AS thema,
    j.jaar            AS jaar,
    j.periode_label   AS periode_label,
    g.gebied_code     AS gebied_code,
    g.naam            AS gebied_naam,
    g.niveau          AS gebied_niveau,
    g.indeling        AS indeling,
    gr.dimensie       AS groep_dimensie,
    gr.groep          AS groep,
    f.waarde          AS waarde,
    f.ondergrens      AS ondergrens,
    f.bovengrens      AS bovengrens,
    f.significant     AS significant,
    f.status          AS status,
    f.afgeleid        AS afgeleid,
    f.soort           AS soort,
    u.uitleg          AS soort_uitleg
FROM fact_waarde f
JOIN dim_indicator i ON i.indicator_id = f.indicator_id
JOIN dim_jaar j      ON j.jaar_id = f.jaar_id
JOIN dim_gebied g    ON g.gebied_id = f.gebied_id
JOIN dim_groep gr    ON gr.groep_id = f.groep_id
LEFT JOIN soort_uitleg u ON u.indicator_id = f.indicator_id AND u.soort = f.soort;

-- Per action, every goal it serves: its own links and its result's ('via').
CREATE VIEW v_actie_doel AS
SELECT a.actie_code, l.doel_code, l.reden, l.niveau AS via
FROM dim_actie a
JOIN bridge_programma_doel l ON l.code = a.actie_code OR l.code = a.resultaat_code;

-- One action with its context, as the app lists it: section, result, programme, the wijken it
-- names ('|'-joined codes and names) and every goal it serves ('|'-joined, see v_actie_doel).
CREATE VIEW v_actie AS
SELECT a.actie_code, a.titel, a.partners, a.locatie, a.periode,
       a.resultaat_code, r.omschrijving AS resultaat, r.periode AS resultaat_periode,
       a.onderdeel_code, o.nummer AS onderdeel_nummer, o.kop, o.pad,
       p.programma_code, p.naam AS programma_naam, p.periode AS programma_periode,
       p.volgorde AS programma_volgorde, r.volgorde AS resultaat_volgorde,
       a.volgorde AS actie_volgorde,
       coalesce((SELECT string_agg(b.gebied_code, '|' ORDER BY b.gebied_code)
                 FROM bridge_actie_gebied b WHERE b.actie_code = a.actie_code), '') AS wijken,
       coalesce((SELECT string_agg(g.naam, '|' ORDER BY b.gebied_code)
                 FROM bridge_actie_gebied b
                 JOIN dim_gebied g ON g.gebied_code = b.gebied_code AND g.indeling = b.indeling
                 WHERE b.actie_code = a.actie_code), '') AS wijk_namen,
       coalesce((SELECT string_agg(DISTINCT d.doel_code, '|' ORDER BY d.doel_code)
                 FROM v_actie_doel d WHERE d.actie_code = a.actie_code), '') AS doelen
FROM dim_actie a
JOIN dim_resultaat r ON r.resultaat_code = a.resultaat_code
JOIN dim_programma_onderdeel o ON o.onderdeel_code = a.onderdeel_code
JOIN dim_programma p ON p.programma_code = a.programma_code;
